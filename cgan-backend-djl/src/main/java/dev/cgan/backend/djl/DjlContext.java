package dev.cgan.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.cgan.api.Device;
import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.layer.Upsample;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.EngineContext;
import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.spi.UpdateRule;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.backend.djl.kernel.Convolution;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The DJL backend opened on one device. Owns one DJL {@link NDManager}: everything created through the context is
 * attached to it, and it is closed after the kit has closed every tensor.
 *
 * <h2>Memory</h2>
 * Every operation runs inside a DJL {@link NDScope} ({@link #compute}), which frees its intermediates (DJL attaches a
 * result to its input's manager, here the context's, so without a scope every temporary would live until the context
 * closes). The one result handed to the caller is taken out of that scope and adopted by the kit's innermost open
 * scope, or by the context. cgan's scopes are the kit's rather than DJL's thread-local stack because
 * {@link dev.cgan.api.tensor.TensorScope#keep} must move a tensor to the parent scope, which DJL's stack cannot express.
 */
final class DjlContext extends EngineContext<DjlTensor, DjlTape> {

    private final Engine engine;
    private final NDManager manager;
    private final Convolution convolution;
    private final DjlTensorOps ops = new DjlTensorOps(this);

    DjlContext(DjlBackend backend, Device device, Engine engine, NDManager manager, Convolution convolution) {
        super(backend, device, DjlTensor.class);
        this.engine = engine;
        this.manager = manager;
        this.convolution = convolution;
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    /** {@value DjlBackend#CONVOLUTION}: the convolution the self-check chose (see {@link DjlBackend}). */
    @Override
    public Map<String, String> diagnostics() {
        return Map.of(DjlBackend.CONVOLUTION, Convolution.nameOf(convolution));
    }

    @Override
    protected DjlTensor newTensor(float[] values, Shape shape) {
        return compute(() -> manager.create(values, Shapes.toDjl(shape)));
    }

    @Override
    protected DjlTensor newZeros(Shape shape) {
        return compute(() -> manager.zeros(Shapes.toDjl(shape)));
    }

    @Override
    protected DjlTensor persistent(Shape shape, float fill) {
        requireOpen();
        NDArray array = manager.full(Shapes.toDjl(shape), fill);
        // Created outside compute(), but a caller's DJL scope must not claim it either.
        NDScope.unregister(array);
        return adoptPersistent(new DjlTensor(this, array));
    }

    @Override
    protected DjlTape newTape() {
        return new DjlTape(this, engine);
    }

    @Override
    protected void closeEngine() {
        manager.close();
    }

    @Override
    protected Layer conv2d(Conv2d spec) {
        return new DjlConv2d(this, spec);
    }

    @Override
    protected Layer convTranspose2d(ConvTranspose2d spec) {
        return new DjlConvTranspose2d(this, spec);
    }

    @Override
    protected Layer batchNorm2d(BatchNorm2d spec) {
        return new DjlBatchNorm2d(this, spec);
    }

    @Override
    protected Layer linear(Linear spec) {
        return new DjlLinear(this, spec);
    }

    @Override
    protected Layer maxout(Maxout spec) {
        return new DjlMaxout(this, spec);
    }

    @Override
    protected Layer dropout(Dropout spec) {
        return new DjlDropout(this, spec);
    }

    // Each activation is one libtorch kernel, so its gradient follows PyTorch's conventions at the kinks:
    // relu'(0) = 0, leaky_relu'(0) = slope.

    @Override
    protected Layer relu(ReLU spec) {
        return new DjlActivation(this, spec, TorchFunctions::relu);
    }

    @Override
    protected Layer leakyRelu(LeakyReLU spec) {
        double slope = spec.slope();
        return new DjlActivation(this, spec, x -> TorchFunctions.leakyRelu(x, slope));
    }

    @Override
    protected Layer tanh(Tanh spec) {
        return new DjlActivation(this, spec, NDArray::tanh);
    }

    @Override
    protected Layer sigmoid(Sigmoid spec) {
        return new DjlActivation(this, spec, TorchFunctions::sigmoid);
    }

    @Override
    protected Layer upsample(Upsample spec) {
        return new DjlUpsample(this, spec);
    }

    @Override
    protected Layer avgPool2d(AvgPool2d spec) {
        return new DjlAvgPool2d(this, spec);
    }

    @Override
    protected Layer embedding(Embedding spec) {
        return new DjlEmbedding(this, spec);
    }

    @Override
    protected Layer conditionalBatchNorm2d(ConditionalBatchNorm2d spec) {
        return new DjlConditionalBatchNorm2d(this, spec);
    }

    @Override
    protected Layer spectralNorm(SpectralNorm spec) {
        return new DjlSpectralNorm(this, spec);
    }

    @Override
    protected LossKernel<DjlTensor> binaryCrossEntropy(LossSpec.BinaryCrossEntropy spec) {
        return new DjlBinaryCrossEntropy(this);
    }

    @Override
    protected LossKernel<DjlTensor> binaryCrossEntropyWithLogits(LossSpec.BinaryCrossEntropyWithLogits spec) {
        return new DjlBinaryCrossEntropyWithLogits(this);
    }

    @Override
    protected LossKernel<DjlTensor> crossEntropy(LossSpec.CrossEntropy spec) {
        return new DjlCrossEntropy(this);
    }

    @Override
    protected LossKernel<DjlTensor> hinge(LossSpec.Hinge spec) {
        return new DjlHinge(this, spec);
    }

    @Override
    protected UpdateRule<DjlTensor> adam(OptimizerSpec.Adam spec) {
        return new DjlAdam(this, spec);
    }

    @Override
    protected UpdateRule<DjlTensor> sgd(OptimizerSpec.Sgd spec) {
        return new DjlSgd(this, spec);
    }

    // ---- for the backend's own classes ----

    /**
     * Runs {@code body} inside a DJL scope that frees its intermediates, and hands its result to the kit's current
     * scope (or to the context) as a tensor.
     */
    DjlTensor compute(Supplier<NDArray> body) {
        requireOpen();
        NDArray result;
        try (NDScope temporaries = new NDScope()) {
            result = body.get();
            NDScope.unregister(result);
        }
        return adopt(new DjlTensor(this, result));
    }

    /** Runs {@code body} inside a DJL scope that frees everything it creates. */
    void run(Runnable body) {
        requireOpen();
        try (NDScope temporaries = new NDScope()) {
            body.run();
        }
    }

    /**
     * Runs an optimizer step's {@code updates} with recording off ({@code torch.no_grad()}: they modify leaves in
     * place) inside a DJL scope that frees whatever the updates leave to it (each update also scopes its own
     * temporaries).
     */
    void step(Runnable updates) {
        try (NoGrad ignored = NoGrad.enter()) {
            run(updates);
        }
    }

    NDManager manager() {
        return manager;
    }

    /** How this context computes convolutions (chosen by the backend's self-check). */
    Convolution convolution() {
        return convolution;
    }
}
