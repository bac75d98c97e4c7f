package dev.cgan.backend.onednn;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.api.tensor.TensorScope;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;

/**
 * The oneDNN backend opened on the CPU: one oneDNN engine and stream, the stack of open scopes and the open tape.
 * Tensors that outlive every scope — parameters, buffers, gradients, optimizer state — are made with
 * {@link #persistent} and only ever updated in place; they are freed when the context closes.
 */
final class OnednnContext implements ComputeContext {

    private final OnednnBackend backend;
    private final Device device;
    private final engine dnnlEngine;
    private final stream dnnlStream;
    private final OnednnTensorOps ops = new OnednnTensorOps(this);
    private final Deque<OnednnScope> scopes = new ArrayDeque<>();
    private final List<OnednnTensor> persistent = new ArrayList<>();
    /** Tensors made outside every scope: freed by the context at the latest, or earlier when unreachable. */
    private final Set<OnednnTensor> unscoped = Collections.newSetFromMap(new WeakHashMap<>());
    /** oneDNN objects made for this context (primitives, descriptors), freed when it closes. */
    private final List<Pointer> natives = new ArrayList<>();
    private OnednnTape tape;
    private boolean closed;

    OnednnContext(OnednnBackend backend, Device device) {
        this.backend = backend;
        this.device = device;
        this.dnnlEngine = new engine(engine.kind.cpu, 0);
        this.dnnlStream = new stream(dnnlEngine);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Tensor tensor(float[] values, Shape shape) {
        requireOpen();
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + shape);
        }
        OnednnTensor t = newTensor(shape);
        t.copyFrom(values);
        return t;
    }

    @Override
    public Tensor zeros(Shape shape) {
        requireOpen();
        return filled(shape, 0f);
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    @Override
    public Layer layer(LayerSpec spec) {
        requireOpen();
        if (spec instanceof Conv2d conv) {
            return new OnednnConv2d(this, conv);
        } else if (spec instanceof ConvTranspose2d deconv) {
            return new OnednnConvTranspose2d(this, deconv);
        } else if (spec instanceof BatchNorm2d bn) {
            return new OnednnBatchNorm2d(this, bn);
        } else if (spec instanceof Linear linear) {
            return new OnednnLinear(this, linear);
        } else if (spec instanceof Maxout maxout) {
            return new OnednnMaxout(this, maxout);
        } else if (spec instanceof Dropout dropout) {
            return new OnednnDropout(this, dropout);
        } else if (spec instanceof ReLU || spec instanceof LeakyReLU || spec instanceof Tanh
                || spec instanceof Sigmoid) {
            return new OnednnActivation(this, spec);
        }
        throw unsupported("layer " + spec.typeName());
    }

    @Override
    public Loss loss(LossSpec spec) {
        requireOpen();
        if (spec instanceof LossSpec.CrossEntropy) {
            return new OnednnCrossEntropy(this);
        } else if (spec instanceof LossSpec.BinaryCrossEntropy
                || spec instanceof LossSpec.BinaryCrossEntropyWithLogits) {
            return new OnednnBinaryCrossEntropy(this, spec);
        }
        throw unsupported("loss " + spec.getClass().getSimpleName());
    }

    @Override
    public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        requireOpen();
        List<OnednnTensor> params = new ArrayList<>(parameters.size());
        for (Tensor p : parameters) {
            OnednnTensor t = own(p);
            if (!t.requiresGrad()) {
                throw new IllegalArgumentException("optimizer parameters must require gradients; one of shape "
                        + t.shape() + " does not");
            }
            params.add(t);
        }
        if (spec instanceof OptimizerSpec.Adam adam) {
            return new OnednnAdam(this, adam, parameters, params);
        } else if (spec instanceof OptimizerSpec.Sgd sgd) {
            return new OnednnSgd(this, sgd, parameters, params);
        }
        throw unsupported("optimizer " + spec.getClass().getSimpleName());
    }

    @Override
    public GradientTape record() {
        requireOpen();
        if (tape != null) {
            throw new IllegalStateException("a GradientTape is already open on this context");
        }
        tape = new OnednnTape(this);
        return tape;
    }

    @Override
    public TensorScope scope() {
        requireOpen();
        OnednnScope scope = new OnednnScope(this, scopes.peekLast());
        scopes.addLast(scope);
        return scope;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (tape != null) {
            tape.close();
        }
        while (!scopes.isEmpty()) {
            scopes.peekLast().close();
        }
        for (OnednnTensor t : new ArrayList<>(unscoped)) {
            t.close();
        }
        unscoped.clear();
        for (OnednnTensor t : persistent) {
            t.close();
        }
        persistent.clear();
        for (int i = natives.size() - 1; i >= 0; i--) {
            natives.get(i).close();
        }
        natives.clear();
        dnnlStream.close();
        dnnlEngine.close();
        closed = true;
    }

    // ---- for the backend's own classes ----

    engine engine() {
        return dnnlEngine;
    }

    /** Frees {@code object} (a primitive, its descriptor) when this context closes; returns it. */
    <T extends Pointer> T own(T object) {
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
        OnednnTensor t = new OnednnTensor(this, shape,
                PlainMemory.allocate(dnnlEngine, PlainMemory.desc(shape.toLongArray())), false);
        OnednnScope scope = scopes.peekLast();
        if (scope != null) {
            scope.adopt(t);
        } else {
            unscoped.add(t);
        }
        return t;
    }

    /** A new tensor of the current scope with every element {@code value}. */
    OnednnTensor filled(Shape shape, float value) {
        OnednnTensor t = newTensor(shape);
        if (value == 0f) {
            PlainMemory.zero(t.memory(), t.size());
        } else {
            FloatBuffer b = t.floats();
            for (int i = 0; i < t.size(); i++) {
                b.put(i, value);
            }
        }
        return t;
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
     * tape with its backward closure when one of {@code inputs} is tracked.
     */
    OnednnTensor compute(Supplier<OnednnTensor> forward, OnednnTape.Backward backward, OnednnTensor... inputs) {
        requireOpen();
        OnednnTensor result = forward.get();
        if (tape != null) {
            tape.record(result, inputs, backward);
        }
        return result;
    }

    /** A persistent tensor (parameter, buffer, gradient, optimizer state) filled with {@code fill}. */
    OnednnTensor persistent(Shape shape, float fill, boolean requiresGrad) {
        requireOpen();
        OnednnTensor t = new OnednnTensor(this, shape,
                PlainMemory.allocate(dnnlEngine, PlainMemory.desc(shape.toLongArray())), false);
        persistent.add(t);
        FloatBuffer b = t.floats();
        for (int i = 0; i < t.size(); i++) {
            b.put(i, fill);
        }
        if (requiresGrad) {
            t.requireGrad();
        }
        return t;
    }

    /** The tensor itself, when it was made by this context and is still open. */
    OnednnTensor own(Tensor tensor) {
        if (tensor instanceof OnednnTensor t && t.context() == this) {
            t.memory();
            return t;
        }
        throw new IllegalArgumentException("expected a tensor created by this onednn context, got " + tensor);
    }

    void adoptUnscoped(OnednnTensor t) {
        unscoped.add(t);
    }

    void tapeClosed(OnednnTape closing) {
        if (tape == closing) {
            tape = null;
        }
    }

    void scopeClosed(OnednnScope scope) {
        scopes.remove(scope);
    }

    static UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException("onednn backend does not support " + operation);
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this onednn context is closed");
        }
    }
}
