package dev.cgan.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.ConvTranspose2d;
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
import dev.cgan.backend.djl.kernel.Convolution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The DJL backend opened on one device. Owns one DJL {@link NDManager}: everything created through the context is
 * attached to it, so {@link #close()} frees whatever scopes and callers have not.
 *
 * <h2>Memory</h2>
 * Every operation runs inside a DJL {@link NDScope}, which frees its intermediates (DJL attaches a result to its
 * input's manager, here the context's, so without a scope every temporary would live until the context closes). The
 * one result handed to the caller is taken out of that scope and given to the innermost open {@link DjlScope}, or to
 * the context when none is open. cgan's scopes are tracked here rather than on DJL's thread-local scope stack because
 * {@link TensorScope#keep} must move a tensor to the parent scope, which DJL's stack cannot express.
 */
final class DjlContext implements ComputeContext {

    private final DjlBackend backend;
    private final Device device;
    private final Engine engine;
    private final NDManager manager;
    private final Convolution convolution;
    private final DjlTensorOps ops = new DjlTensorOps(this);
    private final Deque<DjlScope> scopes = new ArrayDeque<>();
    private DjlTape tape;
    private boolean closed;

    DjlContext(DjlBackend backend, Device device, Engine engine, NDManager manager, Convolution convolution) {
        this.backend = backend;
        this.device = device;
        this.engine = engine;
        this.manager = manager;
        this.convolution = convolution;
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
        return compute(() -> manager.create(values, Shapes.toDjl(shape)));
    }

    @Override
    public Tensor zeros(Shape shape) {
        requireOpen();
        return compute(() -> manager.zeros(Shapes.toDjl(shape)));
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    @Override
    public Layer layer(LayerSpec spec) {
        requireOpen();
        if (spec instanceof Conv2d conv) {
            return new DjlConv2d(this, conv);
        } else if (spec instanceof ConvTranspose2d deconv) {
            return new DjlConvTranspose2d(this, deconv);
        } else if (spec instanceof BatchNorm2d bn) {
            return new DjlBatchNorm2d(this, bn);
        } else if (spec instanceof Linear linear) {
            return new DjlLinear(this, linear);
        } else if (spec instanceof Maxout maxout) {
            return new DjlMaxout(this, maxout);
        } else if (spec instanceof Dropout dropout) {
            return new DjlDropout(this, dropout);
        } else if (spec instanceof ReLU || spec instanceof LeakyReLU || spec instanceof Tanh
                || spec instanceof Sigmoid) {
            return new DjlActivation(this, spec);
        }
        throw unsupported("layer " + spec.typeName());
    }

    @Override
    public Loss loss(LossSpec spec) {
        requireOpen();
        if (spec instanceof LossSpec.CrossEntropy) {
            return new DjlCrossEntropy(this);
        }
        return new DjlBinaryCrossEntropy(this, spec);
    }

    @Override
    public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        requireOpen();
        List<DjlTensor> params = new ArrayList<>(parameters.size());
        for (Tensor p : parameters) {
            DjlTensor t = own(p);
            if (!t.requiresGrad()) {
                throw new IllegalArgumentException("optimizer parameters must require gradients; one of shape "
                        + t.shape() + " does not");
            }
            params.add(t);
        }
        if (spec instanceof OptimizerSpec.Adam adam) {
            return new DjlAdam(this, adam, parameters, params);
        } else if (spec instanceof OptimizerSpec.Sgd sgd) {
            return new DjlSgd(this, sgd, parameters, params);
        }
        throw unsupported("optimizer " + spec.getClass().getSimpleName());
    }

    @Override
    public GradientTape record() {
        requireOpen();
        if (tape != null) {
            throw new IllegalStateException("a GradientTape is already open on this context");
        }
        tape = new DjlTape(this, engine);
        return tape;
    }

    @Override
    public TensorScope scope() {
        requireOpen();
        DjlScope scope = new DjlScope(this, scopes.peekLast());
        scopes.addLast(scope);
        return scope;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tape != null) {
            tape.close();
        }
        while (!scopes.isEmpty()) {
            scopes.peekLast().close();
        }
        manager.close();
    }

    // ---- for the backend's own classes ----

    /**
     * Runs {@code body} inside a DJL scope that frees its intermediates, and hands its result to the current cgan
     * scope (or to the context) as a tensor.
     */
    DjlTensor compute(Supplier<NDArray> body) {
        requireOpen();
        NDArray result;
        try (NDScope temporaries = new NDScope()) {
            result = body.get();
            NDScope.unregister(result);
        }
        return adopt(result);
    }

    /** Runs {@code body} inside a DJL scope that frees everything it creates. */
    void run(Runnable body) {
        requireOpen();
        try (NDScope temporaries = new NDScope()) {
            body.run();
        }
    }

    /**
     * Wraps an array created outside any DJL scope (parameters, buffers, optimizer state) as a context-owned tensor.
     */
    DjlTensor persistent(NDArray array, boolean requiresGrad) {
        if (requiresGrad) {
            array.setRequiresGradient(true);
        }
        DjlTensor t = new DjlTensor(this, array, null);
        if (requiresGrad) {
            t.markRequiresGrad();
        }
        return t;
    }

    /** An array filled with {@code fill} that lives as long as the context. */
    NDArray persistentArray(Shape shape, float fill) {
        requireOpen();
        NDArray array = manager.full(Shapes.toDjl(shape), fill);
        // Created outside compute(), but a caller's DJL scope must not claim it either.
        NDScope.unregister(array);
        return array;
    }

    /** The array behind a tensor of this context (inside {@link #compute} or {@link #run} for gradient views). */
    NDArray array(Tensor tensor) {
        if (tensor instanceof DjlTensor t && t.context() == this) {
            return t.array();
        }
        if (tensor instanceof DjlGradient g && g.context() == this) {
            return g.current();
        }
        throw new IllegalArgumentException("tensor was not created by this djl context: " + tensor);
    }

    /** The tensor itself, when it is a plain tensor of this context (not a gradient view). */
    DjlTensor own(Tensor tensor) {
        if (tensor instanceof DjlTensor t && t.context() == this) {
            t.array();
            return t;
        }
        throw new IllegalArgumentException("expected a tensor created by this djl context, got " + tensor);
    }

    NDManager manager() {
        return manager;
    }

    /** How this context computes convolutions (chosen by the backend's self-check). */
    Convolution convolution() {
        return convolution;
    }

    void tapeClosed(DjlTape closing) {
        if (tape == closing) {
            tape = null;
        }
    }

    void scopeClosed(DjlScope scope) {
        scopes.remove(scope);
    }

    static UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException("djl backend does not support " + operation);
    }

    private DjlTensor adopt(NDArray array) {
        DjlScope owner = scopes.peekLast();
        DjlTensor t = new DjlTensor(this, array, owner);
        if (owner != null) {
            owner.adopt(t);
        }
        return t;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this djl context is closed");
        }
    }
}
