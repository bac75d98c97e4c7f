package dev.cgan.backend.onednn;

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
import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.spi.UpdateRule;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.TensorOps;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;

/**
 * The oneDNN backend opened on the CPU, on the engine kit: one oneDNN engine and stream, tensors in oneDNN memory,
 * the kit's {@link BackwardTape} with gradients as tensors, and one file per operation.
 */
final class OnednnContext extends EngineContext<OnednnTensor, BackwardTape<OnednnTensor, OnednnTensor>> {

    private final engine dnnlEngine;
    private final stream dnnlStream;
    /** The tensors' native buffers, kept by size for the next iteration's tensors instead of freed. */
    private final BufferPool buffers;
    private final OnednnTensorOps ops = new OnednnTensorOps(this);
    /** oneDNN objects made for this context (primitives, descriptors), freed when it closes. */
    private final List<Pointer> natives = new ArrayList<>();
    private final List<Layout> layouts = new ArrayList<>();
    private final Map<Shape, org.bytedeco.dnnl.memory.desc> plainDescs = new HashMap<>();
    private final BackwardTape.GradientMath<OnednnTensor, OnednnTensor> math = new BackwardTape.GradientMath<>() {
        @Override
        public OnednnTensor onesLike(OnednnTensor t) {
            return filled(t.shape(), 1f);
        }

        @Override
        public OnednnTensor sum(OnednnTensor a, OnednnTensor b) {
            return OnednnContext.this.sum(a, b);
        }

        @Override
        public void accumulate(OnednnTensor leaf, OnednnTensor grad) {
            leaf.accumulate(grad);
        }
    };

    OnednnContext(OnednnBackend backend, Device device) {
        super(backend, device, OnednnTensor.class);
        this.dnnlEngine = new engine(engine.kind.cpu, 0);
        this.dnnlStream = new stream(dnnlEngine);
        this.buffers = new BufferPool(dnnlEngine);
    }

    @Override
    public TensorOps ops() {
        requireOpen();
        return ops;
    }

    @Override
    protected OnednnTensor newTensor(float[] values, Shape shape) {
        OnednnTensor t = newTensor(shape);
        t.copyFrom(values);
        return t;
    }

    @Override
    protected OnednnTensor newZeros(Shape shape) {
        return filled(shape, 0f);
    }

    @Override
    protected OnednnTensor persistent(Shape shape, float fill) {
        OnednnTensor t = adoptPersistent(new OnednnTensor(this, shape, allocatePlain(shape), null, false));
        fill(t, fill);
        return t;
    }

    @Override
    protected BackwardTape<OnednnTensor, OnednnTensor> newTape() {
        return new BackwardTape<>(math);
    }

    @Override
    protected void closeEngine() {
        buffers.close();
        for (int i = natives.size() - 1; i >= 0; i--) {
            natives.get(i).close();
        }
        natives.clear();
        dnnlStream.close();
        dnnlEngine.close();
    }

    @Override
    protected Layer conv2d(Conv2d spec) {
        return new OnednnConv2d(this, spec);
    }

    @Override
    protected Layer convTranspose2d(ConvTranspose2d spec) {
        return new OnednnConvTranspose2d(this, spec);
    }

    @Override
    protected Layer batchNorm2d(BatchNorm2d spec) {
        return new OnednnBatchNorm2d(this, spec);
    }

    @Override
    protected Layer linear(Linear spec) {
        return new OnednnLinear(this, spec);
    }

    @Override
    protected Layer maxout(Maxout spec) {
        return new OnednnMaxout(this, spec);
    }

    @Override
    protected Layer dropout(Dropout spec) {
        return new OnednnDropout(this, spec);
    }

    @Override
    protected Layer relu(ReLU spec) {
        return new OnednnActivation(this, spec, algorithm.eltwise_relu_use_dst_for_bwd, 0f);
    }

    @Override
    protected Layer leakyRelu(LeakyReLU spec) {
        // With a slope >= 0 the output is > 0 exactly where the input is, so backward can read the output (and a
        // convolution can apply the activation as a post-op without keeping its own output); oneDNN allows the
        // output-reading form only for such slopes.
        float slope = (float) spec.slope();
        return new OnednnActivation(this, spec,
                slope >= 0 ? algorithm.eltwise_relu_use_dst_for_bwd : algorithm.eltwise_relu, slope);
    }

    @Override
    protected Layer tanh(Tanh spec) {
        return new OnednnActivation(this, spec, algorithm.eltwise_tanh_use_dst_for_bwd, 0f);
    }

    @Override
    protected Layer sigmoid(Sigmoid spec) {
        return new OnednnActivation(this, spec, algorithm.eltwise_logistic_use_dst_for_bwd, 0f);
    }

    @Override
    protected Layer upsample(Upsample spec) {
        return new OnednnUpsample(this, spec);
    }

    @Override
    protected Layer avgPool2d(AvgPool2d spec) {
        return new OnednnAvgPool2d(this, spec);
    }

    @Override
    protected Layer embedding(Embedding spec) {
        return new OnednnEmbedding(this, spec);
    }

    @Override
    protected Layer conditionalBatchNorm2d(ConditionalBatchNorm2d spec) {
        return new OnednnConditionalBatchNorm2d(this, spec);
    }

    @Override
    protected Layer spectralNorm(SpectralNorm spec) {
        return new OnednnSpectralNorm(this, spec);
    }

    @Override
    protected LossKernel<OnednnTensor> binaryCrossEntropy(LossSpec.BinaryCrossEntropy spec) {
        return new OnednnBinaryCrossEntropy(this);
    }

    @Override
    protected LossKernel<OnednnTensor> binaryCrossEntropyWithLogits(LossSpec.BinaryCrossEntropyWithLogits spec) {
        return new OnednnBinaryCrossEntropyWithLogits(this);
    }

    @Override
    protected LossKernel<OnednnTensor> crossEntropy(LossSpec.CrossEntropy spec) {
        return new OnednnCrossEntropy(this);
    }

    @Override
    protected LossKernel<OnednnTensor> hinge(LossSpec.Hinge spec) {
        return new OnednnHinge(this, spec);
    }

    @Override
    protected UpdateRule<OnednnTensor> adam(OptimizerSpec.Adam spec) {
        return new OnednnAdam(spec);
    }

    @Override
    protected UpdateRule<OnednnTensor> sgd(OptimizerSpec.Sgd spec) {
        return new OnednnSgd(spec);
    }

    // ---- for the backend's own classes ----

    engine engine() {
        return dnnlEngine;
    }

    /** Frees {@code object} (a primitive, its descriptor) when this context closes; returns it. */
    <P extends Pointer> P retain(P object) {
        natives.add(object);
        return object;
    }

    /** Runs a primitive on this context's stream and waits for it. */
    void execute(primitive primitive, IntMemoryMap arguments) {
        try {
            primitive.execute(dnnlStream, arguments);
            dnnlStream._wait();
        } finally {
            arguments.close();
        }
    }

    /** A new (uninitialised) tensor owned by the innermost scope, or by the context outside every scope. */
    OnednnTensor newTensor(Shape shape) {
        requireOpen();
        return adopt(new OnednnTensor(this, shape, allocatePlain(shape), null, false));
    }

    /** A new (uninitialised) tensor of the current scope in {@code layout} ({@code null}: plain). */
    OnednnTensor newTensor(Shape shape, Layout layout) {
        if (layout == null) {
            return newTensor(shape);
        }
        requireOpen();
        return adopt(new OnednnTensor(this, shape, buffers.take(layout.desc()), layout,
                false));
    }

    /**
     * The interned layout of {@code desc} for tensors of {@code shape}, or {@code null} when it is the plain row-major
     * one (then no reorder is ever needed).
     */
    Layout layout(org.bytedeco.dnnl.memory.desc desc, Shape shape) {
        return layout(desc, shape, plainDesc(shape));
    }

    /**
     * {@link #layout(org.bytedeco.dnnl.memory.desc, Shape)} for tensors whose plain layout is {@code plain} (a
     * transposed convolution's weight: {@code iohw} over oneDNN's {@code {out, in, k, k}}).
     */
    Layout layout(org.bytedeco.dnnl.memory.desc desc, Shape shape, org.bytedeco.dnnl.memory.desc plain) {
        if (desc.equals(plain)) {
            return null;
        }
        for (Layout known : layouts) {
            if (known.shape().equals(shape) && known.desc().equals(desc) && known.plain().equals(plain)) {
                return known;
            }
        }
        Layout added = new Layout(this, layouts.size(), shape, retain(desc), plain);
        layouts.add(added);
        return added;
    }

    /** {@code t} in {@code layout}: itself when it is in it already, else a reordered copy (plain: in place). */
    OnednnTensor conform(OnednnTensor t, Layout layout) {
        if (t.layout() == layout) {
            return t;
        }
        if (layout == null) {
            return t.toPlain();
        }
        OnednnTensor out = newTensor(t.shape(), layout);
        if (t.layout() == null) {
            layout.fromPlain(t.memory(), out.memory());
        } else {
            layout.fromLayout(t.layout(), t.memory(), out.memory());
        }
        return out;
    }

    /** A new tensor of the current scope with every element {@code value}. */
    OnednnTensor filled(Shape shape, float value) {
        OnednnTensor t = newTensor(shape);
        fill(t, value);
        return t;
    }

    /** A persistent tensor (a leaf's gradient) filled with {@code fill}. */
    OnednnTensor persistentTensor(Shape shape, float fill) {
        return persistent(shape, fill);
    }

    /** A tensor of the current scope holding {@code a + b} (same shapes). */
    OnednnTensor sum(OnednnTensor a, OnednnTensor b) {
        OnednnTensor out = newTensor(a.shape());
        FloatBuffer x = a.floats();
        FloatBuffer y = b.floats();
        FloatBuffer o = out.floats();
        HostLoops.inChunks(out.size(), (from, to) -> {
            for (int i = from; i < to; i++) {
                o.put(i, x.get(i) + y.get(i));
            }
        });
        return out;
    }

    /**
     * Runs an operation: {@code forward} makes its result (a tensor of the current scope), which is recorded on the
     * tape with its backward closure when one of {@code inputs} needs a gradient.
     */
    OnednnTensor compute(Supplier<OnednnTensor> forward, BackwardTape.InputGradients<OnednnTensor> backward,
                         OnednnTensor... inputs) {
        requireOpen();
        OnednnTensor result = forward.get();
        BackwardTape<OnednnTensor, OnednnTensor> tape = recording(inputs);
        if (tape != null) {
            tape.record(result, backward, inputs);
        }
        return result;
    }

    /** New memory for a plain tensor of {@code shape}. */
    org.bytedeco.dnnl.memory allocatePlain(Shape shape) {
        return buffers.take(plainDesc(shape));
    }

    /** Frees tensor memory made by {@link #allocatePlain} or {@link #newTensor(Shape, Layout)}, keeping its buffer. */
    void free(org.bytedeco.dnnl.memory m) {
        buffers.give(m);
    }

    /** Bytes of the tensor buffers this context holds (in use and kept for reuse). */
    long tensorBufferBytes() {
        return buffers.heldBytes();
    }

    /** The plain descriptor of {@code shape}, made once per shape (tensors are made every iteration). */
    org.bytedeco.dnnl.memory.desc plainDesc(Shape shape) {
        org.bytedeco.dnnl.memory.desc desc = plainDescs.get(shape);
        if (desc == null) {
            desc = retain(PlainMemory.desc(shape.toLongArray()));
            plainDescs.put(shape, desc);
        }
        return desc;
    }

    private static void fill(OnednnTensor t, float value) {
        if (value == 0f) {
            PlainMemory.zero(t.plainMemory(), t.size());
            return;
        }
        FloatBuffer b = t.floats();
        for (int i = 0; i < t.size(); i++) {
            b.put(i, value);
        }
    }
}
