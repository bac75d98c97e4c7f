package dev.cgan.backend.nd4j;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend opened on the CPU (or, with the CUDA build, a GPU). Holds the stack of open scopes (each an ND4J
 * workspace) and the open tape. Arrays that must outlive every scope — parameters, buffers, gradients, optimizer
 * state — are made with {@link #persistentZeros}, outside any workspace, and are only ever updated in place.
 */
final class Nd4jContext implements ComputeContext {

    private final Nd4jBackend backend;
    private final Device device;
    private final Nd4jTensorOps ops = new Nd4jTensorOps(this);
    private final Deque<Nd4jScope> scopes = new ArrayDeque<>();
    private Nd4jTape tape;
    private boolean closed;
    private Nd4jOpTimer timer;

    Nd4jContext(Nd4jBackend backend, Device device) {
        this.backend = backend;
        this.device = device;
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
        long[] dims = shape.toLongArray();
        return wrap(dims.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, dims, 'c'));
    }

    @Override
    public Tensor zeros(Shape shape) {
        requireOpen();
        return wrap(Nd4j.zeros(DataType.FLOAT, shape.toLongArray()));
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    @Override
    public Layer layer(LayerSpec spec) {
        requireOpen();
        if (spec instanceof Conv2d conv) {
            return new Nd4jConv2d(this, conv);
        } else if (spec instanceof ConvTranspose2d deconv) {
            return new Nd4jConvTranspose2d(this, deconv);
        } else if (spec instanceof BatchNorm2d bn) {
            return new Nd4jBatchNorm2d(this, bn);
        } else if (spec instanceof Linear linear) {
            return new Nd4jLinear(this, linear);
        } else if (spec instanceof Maxout maxout) {
            return new Nd4jMaxout(this, maxout);
        } else if (spec instanceof Dropout dropout) {
            return new Nd4jDropout(this, dropout);
        } else if (spec instanceof ReLU || spec instanceof LeakyReLU || spec instanceof Tanh
                || spec instanceof Sigmoid) {
            return new Nd4jActivation(this, spec);
        }
        throw unsupported("layer " + spec.typeName());
    }

    @Override
    public Loss loss(LossSpec spec) {
        requireOpen();
        if (spec instanceof LossSpec.CrossEntropy) {
            return new Nd4jCrossEntropy(this);
        }
        return new Nd4jBinaryCrossEntropy(this, spec);
    }

    @Override
    public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        requireOpen();
        List<Nd4jTensor> params = new ArrayList<>(parameters.size());
        for (Tensor p : parameters) {
            Nd4jTensor t = own(p);
            if (!t.requiresGrad()) {
                throw new IllegalArgumentException("optimizer parameters must require gradients; one of shape "
                        + t.shape() + " does not");
            }
            params.add(t);
        }
        if (spec instanceof OptimizerSpec.Adam adam) {
            return new Nd4jAdam(this, adam, parameters, params);
        } else if (spec instanceof OptimizerSpec.Sgd sgd) {
            return new Nd4jSgd(this, sgd, parameters, params);
        }
        throw unsupported("optimizer " + spec.getClass().getSimpleName());
    }

    @Override
    public GradientTape record() {
        requireOpen();
        if (tape != null) {
            throw new IllegalStateException("a GradientTape is already open on this context");
        }
        tape = new Nd4jTape(this);
        return tape;
    }

    @Override
    public TensorScope scope() {
        requireOpen();
        Nd4jScope scope = new Nd4jScope(this, scopes.peekLast(), scopes.size());
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
        closed = true;
    }

    // ---- for the backend's own classes ----

    /** Wraps an array made now (in the innermost scope's workspace, if any) as a tensor owned by that scope. */
    Nd4jTensor wrap(INDArray array) {
        return share(array, scopes.peekLast());
    }

    /** A tensor over {@code array}, owned by {@code owner} (or by nobody: outside any workspace). */
    Nd4jTensor share(INDArray array, Nd4jScope owner) {
        Nd4jTensor t = new Nd4jTensor(this, array);
        if (owner != null) {
            owner.adopt(t);
        }
        return t;
    }

    /**
     * Runs an operation: its result becomes a tensor of the current scope, recorded on the tape with its backward
     * closure when one of {@code inputs} is tracked.
     */
    Nd4jTensor compute(Supplier<INDArray> forward, Nd4jTape.Backward backward, Nd4jTensor... inputs) {
        requireOpen();
        if (timer != null) {
            return timedCompute(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass()
                    .getSimpleName(), forward, backward, inputs);
        }
        Nd4jTensor result = wrap(forward.get());
        if (tape != null) {
            tape.record(result, inputs, backward);
        }
        return result;
    }

    private Nd4jTensor timedCompute(String caller, Supplier<INDArray> forward, Nd4jTape.Backward backward,
                                    Nd4jTensor... inputs) {
        Nd4jOpTimer t = timer;
        long start = System.nanoTime();
        INDArray out = forward.get();
        String key = caller + " " + java.util.Arrays.toString(out.shape());
        t.add(key + " forward", System.nanoTime() - start);
        Nd4jTensor result = wrap(out);
        if (tape != null) {
            tape.record(result, inputs, g -> {
                long begin = System.nanoTime();
                INDArray[] grads = backward.apply(g);
                t.add(key + " backward", System.nanoTime() - begin);
                return grads;
            });
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

    /** A persistent tensor (parameter or buffer) filled with {@code fill}. */
    Nd4jTensor persistent(Shape shape, float fill, boolean requiresGrad) {
        INDArray array = persistentZeros(shape.toLongArray());
        if (fill != 0f) {
            array.assign(fill);
        }
        Nd4jTensor t = new Nd4jTensor(this, array);
        if (requiresGrad) {
            t.requireGrad();
        }
        return t;
    }

    /** The tensor itself, when it was made by this context. */
    Nd4jTensor own(Tensor tensor) {
        if (tensor instanceof Nd4jTensor t && t.context() == this) {
            t.array();
            return t;
        }
        throw new IllegalArgumentException("expected a tensor created by this nd4j context, got " + tensor);
    }

    /** The array behind a tensor of this context. */
    INDArray array(Tensor tensor) {
        return own(tensor).array();
    }

    void tapeClosed(Nd4jTape closing) {
        if (tape == closing) {
            tape = null;
        }
    }

    void scopeClosed(Nd4jScope scope) {
        scopes.remove(scope);
    }

    static UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException("nd4j backend does not support " + operation);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this nd4j context is closed");
        }
    }
}
