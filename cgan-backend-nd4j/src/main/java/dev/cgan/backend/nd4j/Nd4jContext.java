package dev.cgan.backend.nd4j;

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
import dev.cgan.api.spi.BackwardTape;
import dev.cgan.api.spi.EngineContext;
import dev.cgan.api.spi.EngineScope;
import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.spi.UpdateRule;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.TensorOps;
import java.util.Arrays;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend opened on the CPU (or, with the CUDA build, a GPU). Each memory scope is an ND4J workspace: every
 * array made on this thread while the scope is innermost is allocated in it, and closing the scope gives all of it
 * back at once. A workspace learns its size in its first cycle and is reused by later scopes at the same depth, so a
 * training loop allocates nothing new per iteration. Arrays that must outlive every scope (parameters, buffers,
 * gradients, optimizer state) are made with {@link #persistentZeros}, outside any workspace, and are only ever updated
 * in place.
 */
final class Nd4jContext extends EngineContext<Nd4jTensor, BackwardTape<Nd4jTensor, INDArray>> {

    private static final WorkspaceConfiguration SCOPE_MEMORY = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final Nd4jTensorOps ops = new Nd4jTensorOps(this);
    private final Nd4jGradientMath gradientMath = new Nd4jGradientMath(this);
    private Nd4jOpTimer timer;

    Nd4jContext(Nd4jBackend backend, Device device) {
        super(backend, device, Nd4jTensor.class);
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    @Override
    protected Nd4jTensor newTensor(float[] values, Shape shape) {
        long[] dims = shape.toLongArray();
        return wrap(dims.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, dims, 'c'));
    }

    @Override
    protected Nd4jTensor newZeros(Shape shape) {
        return wrap(Nd4j.zeros(DataType.FLOAT, shape.toLongArray()));
    }

    @Override
    protected Nd4jTensor persistent(Shape shape, float fill) {
        INDArray array = persistentZeros(shape.toLongArray());
        if (fill != 0f) {
            array.assign(fill);
        }
        return adoptPersistent(new Nd4jTensor(this, array, false));
    }

    @Override
    protected BackwardTape<Nd4jTensor, INDArray> newTape() {
        return new BackwardTape<>(gradientMath);
    }

    @Override
    protected AutoCloseable openScopeMemory(int depth) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(SCOPE_MEMORY, workspaceId(depth));
    }

    @Override
    protected void onKeep(Nd4jTensor tensor, EngineScope from, EngineScope to) {
        INDArray array = tensor.array();
        if (to != null) {
            tensor.replaceArray(array.leverageTo(workspaceId(to.depth()), true), false);
        } else {
            tensor.replaceArray(array.detach(), array.isAttached());
        }
    }

    private static String workspaceId(int depth) {
        return "cgan-scope-" + depth;
    }

    // ---- the specs ----

    @Override
    protected Layer conv2d(Conv2d spec) {
        return new Nd4jConv2d(this, spec);
    }

    @Override
    protected Layer convTranspose2d(ConvTranspose2d spec) {
        return new Nd4jConvTranspose2d(this, spec);
    }

    @Override
    protected Layer batchNorm2d(BatchNorm2d spec) {
        return new Nd4jBatchNorm2d(this, spec);
    }

    @Override
    protected Layer linear(Linear spec) {
        return new Nd4jLinear(this, spec);
    }

    @Override
    protected Layer maxout(Maxout spec) {
        return new Nd4jMaxout(this, spec);
    }

    @Override
    protected Layer dropout(Dropout spec) {
        return new Nd4jDropout(this, spec);
    }

    @Override
    protected Layer relu(ReLU spec) {
        return new Nd4jActivation(this, spec, "relu", "relu_bp", 0.0);
    }

    @Override
    protected Layer leakyRelu(LeakyReLU spec) {
        // libnd4j's lrelu_bp does not give PyTorch's gradient (measured against the fixtures): Java sweeps both ways.
        return new Nd4jActivation(this, spec, null, null, spec.slope());
    }

    @Override
    protected Layer tanh(Tanh spec) {
        return new Nd4jActivation(this, spec, "tanh", "tanh_bp");
    }

    @Override
    protected Layer sigmoid(Sigmoid spec) {
        return new Nd4jActivation(this, spec, "sigmoid", "sigmoid_bp");
    }

    @Override
    protected Layer upsample(Upsample spec) {
        return new Nd4jUpsample(this, spec);
    }

    @Override
    protected Layer avgPool2d(AvgPool2d spec) {
        return new Nd4jAvgPool2d(this, spec);
    }

    @Override
    protected Layer embedding(Embedding spec) {
        return new Nd4jEmbedding(this, spec);
    }

    @Override
    protected Layer conditionalBatchNorm2d(ConditionalBatchNorm2d spec) {
        return new Nd4jConditionalBatchNorm2d(this, spec);
    }

    @Override
    protected Layer spectralNorm(SpectralNorm spec) {
        return new Nd4jSpectralNorm(this, spec);
    }

    @Override
    protected LossKernel<Nd4jTensor> binaryCrossEntropy(LossSpec.BinaryCrossEntropy spec) {
        return new Nd4jBinaryCrossEntropy(this);
    }

    @Override
    protected LossKernel<Nd4jTensor> binaryCrossEntropyWithLogits(LossSpec.BinaryCrossEntropyWithLogits spec) {
        return new Nd4jBinaryCrossEntropyWithLogits(this);
    }

    @Override
    protected LossKernel<Nd4jTensor> crossEntropy(LossSpec.CrossEntropy spec) {
        return new Nd4jCrossEntropy(this);
    }

    @Override
    protected LossKernel<Nd4jTensor> hinge(LossSpec.Hinge spec) {
        return new Nd4jHinge(this, spec);
    }

    @Override
    protected UpdateRule<Nd4jTensor> adam(OptimizerSpec.Adam spec) {
        return new Nd4jAdam(this, spec);
    }

    @Override
    protected UpdateRule<Nd4jTensor> sgd(OptimizerSpec.Sgd spec) {
        return new Nd4jSgd(this, spec);
    }

    // ---- for the backend's own classes ----

    /** Wraps an array made now (in the innermost scope's workspace, if any) as a tensor of that scope. */
    Nd4jTensor wrap(INDArray array) {
        return adopt(new Nd4jTensor(this, array, currentScope() != null));
    }

    /**
     * Runs an operation: its result becomes a tensor of the current scope, recorded on the tape with its backward
     * (the inputs' gradients in input order) when one of {@code inputs} needs a gradient.
     */
    Nd4jTensor compute(Supplier<INDArray> forward, BackwardTape.InputGradients<INDArray> backward,
                       Nd4jTensor... inputs) {
        if (timer != null) {
            return timedCompute(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass()
                    .getSimpleName(), forward, backward, inputs);
        }
        Nd4jTensor result = wrap(forward.get());
        BackwardTape<Nd4jTensor, INDArray> tape = tape();
        if (tape != null) {
            tape.record(result, backward, inputs);
        }
        return result;
    }

    private Nd4jTensor timedCompute(String caller, Supplier<INDArray> forward,
                                    BackwardTape.InputGradients<INDArray> backward, Nd4jTensor... inputs) {
        Nd4jOpTimer t = timer;
        long start = System.nanoTime();
        INDArray out = forward.get();
        String key = caller + " " + Arrays.toString(out.shape());
        t.add(key + " forward", System.nanoTime() - start);
        Nd4jTensor result = wrap(out);
        BackwardTape<Nd4jTensor, INDArray> tape = tape();
        if (tape != null) {
            tape.record(result, g -> {
                long begin = System.nanoTime();
                INDArray[] grads = backward.apply(g);
                t.add(key + " backward", System.nanoTime() - begin);
                return grads;
            }, inputs);
        }
        return result;
    }

    /** Installs (or, with {@code null}, removes) a timer of every operation; for profiling only. */
    void timer(Nd4jOpTimer newTimer) {
        timer = newTimer;
    }

    /** The installed timer, or {@code null}. */
    Nd4jOpTimer timer() {
        return timer;
    }

    /** A zero-filled float array outside every workspace: it lives as long as whoever holds it. */
    INDArray persistentZeros(long... shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.zeros(DataType.FLOAT, shape);
        }
    }
}
