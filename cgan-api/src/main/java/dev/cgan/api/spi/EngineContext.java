package dev.cgan.api.spi;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.layer.Upsample;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link ComputeContext} of an engine, with everything that is the same in every engine done here once: open and
 * closed state (every factory of a closed context throws {@link IllegalStateException}), argument checks, the rule of
 * one open tape, the stack of scopes and who owns each tensor, and the dispatch of every spec.
 *
 * <p><b>Exhaustive dispatch.</b> {@link #layer}, {@link #loss} and {@link #optimizer} dispatch through the specs'
 * visitors to one abstract method per spec ({@link #conv2d}, {@link #binaryCrossEntropy}, {@link #adam}, ...). Adding a
 * spec to the API adds an abstract method here, so every engine fails to compile until it implements it, or declares
 * it unsupported with {@code throw unsupported(spec)} (an {@link UnsupportedOperationException} naming engine and spec).
 *
 * <p><b>Ownership.</b> An engine creates its tensors and hands each to {@link #adopt} (owned by the innermost open scope,
 * or by the context) or {@link #adoptPersistent} (owned by the context: parameters, buffers, gradients, optimizer
 * state). Closing a scope closes what it owns; closing the context closes the tape, every scope and every tensor, then
 * calls {@link #closeEngine()}.
 *
 * @param <T> the engine's tensor type
 * @param <P> the engine's tape type
 */
public abstract class EngineContext<T extends EngineTensor, P extends EngineTape<T>> implements ComputeContext {

    private final Backend backend;
    private final Device device;
    private final Class<T> tensorType;
    private final List<EngineScope> scopes = new ArrayList<>();
    private final Set<EngineTensor> contextOwned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final LayerSpec.Visitor<Layer> layers = new LayerDispatch();
    private final LossSpec.Visitor<LossKernel<T>> losses = new LossDispatch();
    private final OptimizerSpec.Visitor<UpdateRule<T>> optimizers = new OptimizerDispatch();
    private P tape;
    private boolean closed;

    protected EngineContext(Backend backend, Device device, Class<T> tensorType) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.device = Objects.requireNonNull(device, "device");
        this.tensorType = Objects.requireNonNull(tensorType, "tensorType");
    }

    // ---- ComputeContext ---------------------------------------------------------------------------------------------

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final Device device() {
        return device;
    }

    @Override
    public final Tensor tensor(float[] values, Shape shape) {
        requireOpen();
        Objects.requireNonNull(values, "values");
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + shape + " ("
                    + shape.size() + " elements)");
        }
        return newTensor(values, shape);
    }

    @Override
    public final Tensor zeros(Shape shape) {
        requireOpen();
        return newZeros(Objects.requireNonNull(shape, "shape"));
    }

    @Override
    public final Layer layer(LayerSpec spec) {
        requireOpen();
        return Objects.requireNonNull(spec, "spec").accept(layers);
    }

    /**
     * Runs the layers in order, handing each layer and the one after it to {@link EngineLayer#forwardFused} first: where
     * the engine fuses the pair, that pair runs as one step.
     */
    @Override
    public final Tensor forward(List<? extends Layer> layers, Tensor input, boolean training) {
        requireOpen();
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (i + 1 < layers.size() && layer instanceof EngineLayer<?, ?, ?> first) {
                Tensor fused = first.forwardFused(layers.get(i + 1), x, training);
                if (fused != null) {
                    x = fused;
                    i++;
                    continue;
                }
            }
            x = layer.forward(x, training);
        }
        return x;
    }

    @Override
    public final Loss loss(LossSpec spec) {
        requireOpen();
        LossKernel<T> kernel = Objects.requireNonNull(spec, "spec").accept(losses);
        return new CheckedLoss<>(this, spec, kernel);
    }

    @Override
    public final Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        requireOpen();
        Objects.requireNonNull(spec, "spec");
        List<T> params = new ArrayList<>(parameters.size());
        for (Tensor p : parameters) {
            T t = own(p);
            if (!t.requiresGrad()) {
                throw new IllegalArgumentException("optimizer parameters must require gradients; one of shape "
                        + t.shape() + " does not");
            }
            params.add(t);
        }
        UpdateRule<T> rule = spec.accept(optimizers);
        return new EngineOptimizer<>(this, spec, List.copyOf(parameters), params, rule);
    }

    @Override
    public final GradientTape record() {
        requireOpen();
        if (tape != null) {
            throw new IllegalStateException("a GradientTape is already open on this " + engineName()
                    + " context; close it first");
        }
        P opened = newTape();
        tape = opened;
        return new RecordingTape(opened);
    }

    @Override
    public final TensorScope scope() {
        requireOpen();
        int depth = scopes.size();
        EngineScope scope = new EngineScope(this, depth == 0 ? null : scopes.get(depth - 1), depth,
                openScopeMemory(depth));
        scopes.add(scope);
        return scope;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (tape != null) {
                P open = tape;
                tape = null;
                open.close();
            }
            while (!scopes.isEmpty()) {
                closeScope(scopes.get(scopes.size() - 1));
            }
            List<EngineTensor> all = new ArrayList<>(contextOwned);
            contextOwned.clear();
            for (EngineTensor t : all) {
                t.closeByOwner();
            }
        } finally {
            closeEngine();
        }
    }

    // ---- what an engine implements ----------------------------------------------------------------------------------

    /** A tensor holding {@code values} (their count is checked), adopted with {@link #adopt}. */
    protected abstract T newTensor(float[] values, Shape shape);

    /** A tensor of zeros, adopted with {@link #adopt}. */
    protected abstract T newZeros(Shape shape);

    /**
     * A tensor that lives until the context closes, every element {@code fill}, adopted with {@link #adoptPersistent}:
     * parameters, buffers and optimizer state are made with it.
     */
    protected abstract T persistent(Shape shape, float fill);

    /** A new tape; the kit has checked that none is open. */
    protected abstract P newTape();

    /** Memory for a scope opened at {@code depth} (an arena or workspace), closed with it; {@code null}: none. */
    protected AutoCloseable openScopeMemory(int depth) {
        return null;
    }

    /**
     * Called when {@link TensorScope#keep} moves {@code tensor} from scope {@code from} to {@code to} ({@code null}: the
     * context), before the bookkeeping moves; an engine whose scopes own memory moves the storage here.
     */
    protected void onKeep(T tensor, EngineScope from, EngineScope to) {
    }

    /** Frees the engine's own resources (handles, libraries' contexts) after every tensor is closed. */
    protected void closeEngine() {
    }

    protected abstract Layer conv2d(Conv2d spec);

    protected abstract Layer convTranspose2d(ConvTranspose2d spec);

    protected abstract Layer batchNorm2d(BatchNorm2d spec);

    protected abstract Layer linear(Linear spec);

    protected abstract Layer maxout(Maxout spec);

    protected abstract Layer dropout(Dropout spec);

    protected abstract Layer relu(ReLU spec);

    protected abstract Layer leakyRelu(LeakyReLU spec);

    protected abstract Layer tanh(Tanh spec);

    protected abstract Layer sigmoid(Sigmoid spec);

    protected abstract Layer upsample(Upsample spec);

    protected abstract Layer avgPool2d(AvgPool2d spec);

    protected abstract Layer embedding(Embedding spec);

    protected abstract Layer conditionalBatchNorm2d(ConditionalBatchNorm2d spec);

    protected abstract Layer spectralNorm(SpectralNorm spec);

    protected abstract LossKernel<T> binaryCrossEntropy(LossSpec.BinaryCrossEntropy spec);

    protected abstract LossKernel<T> binaryCrossEntropyWithLogits(LossSpec.BinaryCrossEntropyWithLogits spec);

    protected abstract LossKernel<T> crossEntropy(LossSpec.CrossEntropy spec);

    protected abstract LossKernel<T> hinge(LossSpec.Hinge spec);

    protected abstract UpdateRule<T> adam(OptimizerSpec.Adam spec);

    protected abstract UpdateRule<T> sgd(OptimizerSpec.Sgd spec);

    // ---- for the engine's own classes -------------------------------------------------------------------------------

    /** The engine's name, as users select it. */
    public final String engineName() {
        return backend.name();
    }

    /** Fails with {@link IllegalStateException} once the context is closed. */
    public final void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this " + engineName() + " context is closed");
        }
    }

    /** Whether {@link #close()} has run. */
    public final boolean isClosed() {
        return closed;
    }

    /**
     * {@code tensor} as this engine's tensor type, checked: open context, created by this context, not closed.
     *
     * @throws IllegalArgumentException if the tensor belongs to another engine or context
     */
    public final T own(Tensor tensor) {
        requireOpen();
        if (!tensorType.isInstance(tensor) || tensorType.cast(tensor).owningContext() != this) {
            throw new IllegalArgumentException("expected a tensor created by this " + engineName() + " context, got "
                    + tensor);
        }
        T t = tensorType.cast(tensor);
        t.requireOpen();
        return t;
    }

    /** Hands a new tensor to the innermost open scope, or to the context when none is open. Returns it. */
    public final T adopt(T tensor) {
        if (scopes.isEmpty()) {
            contextOwned.add(tensor);
        } else {
            scopes.get(scopes.size() - 1).adopt(tensor);
        }
        return tensor;
    }

    /** Hands a new tensor to the context: it lives until the context closes (or it is closed). Returns it. */
    public final T adoptPersistent(T tensor) {
        contextOwned.add(tensor);
        return tensor;
    }

    /** The innermost open scope, or {@code null}. */
    public final EngineScope currentScope() {
        return scopes.isEmpty() ? null : scopes.get(scopes.size() - 1);
    }

    /** The open tape, or {@code null}. */
    public final P tape() {
        return tape;
    }

    /** The open tape if an operation on {@code inputs} must be recorded (one of them needs a gradient), else null. */
    @SafeVarargs
    public final P recording(T... inputs) {
        if (tape == null) {
            return null;
        }
        for (T t : inputs) {
            if (t != null && t.needsGrad()) {
                return tape;
            }
        }
        return null;
    }

    /** How many tensors the context itself owns (outside every scope): for tests of flat memory. */
    public final int contextOwnedCount() {
        return contextOwned.size();
    }

    /** The error for a layer this engine does not run. */
    protected final UnsupportedOperationException unsupported(LayerSpec spec) {
        return unsupported("layer " + spec.typeName());
    }

    /** The error for a loss this engine does not compute. */
    protected final UnsupportedOperationException unsupported(LossSpec spec) {
        return unsupported("loss " + spec.getClass().getSimpleName());
    }

    /** The error for an optimizer this engine does not run. */
    protected final UnsupportedOperationException unsupported(OptimizerSpec spec) {
        return unsupported("optimizer " + spec.getClass().getSimpleName());
    }

    /** The error for an operation this engine does not support: names the engine and the operation. */
    public final UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(engineName() + " backend does not support " + operation);
    }

    // ---- kit internals ----------------------------------------------------------------------------------------------

    void forget(EngineTensor tensor) {
        EngineScope owner = tensor.owner();
        if (owner != null) {
            owner.forget(tensor);
            tensor.owner(null);
        } else {
            contextOwned.remove(tensor);
        }
    }

    void moveOut(EngineTensor tensor, EngineScope from, EngineScope to) {
        onKeep(tensorType.cast(tensor), from, to);
        from.forget(tensor);
        if (to == null) {
            tensor.owner(null);
            contextOwned.add(tensor);
        } else {
            to.adopt(tensor);
        }
    }

    /** Closes {@code scope} and every scope opened inside it, innermost first. */
    void closeScope(EngineScope scope) {
        int index = scopes.indexOf(scope);
        if (index < 0) {
            return;
        }
        for (int i = scopes.size() - 1; i >= index; i--) {
            EngineScope s = scopes.remove(i);
            s.release();
        }
    }

    /** The {@link GradientTape} handed to callers: the kit's checks around the engine's tape. */
    private final class RecordingTape implements GradientTape {

        private final P engineTape;
        private boolean tapeClosed;

        RecordingTape(P engineTape) {
            this.engineTape = engineTape;
        }

        @Override
        public void backward(Tensor loss) {
            if (tapeClosed || tape != engineTape) {
                throw new IllegalStateException("backward on a closed GradientTape");
            }
            T root = own(loss);
            if (root.shape().size() != 1) {
                throw new IllegalArgumentException("backward needs a scalar loss (size 1), got shape "
                        + root.shape());
            }
            engineTape.backward(root);
        }

        @Override
        public void close() {
            if (tapeClosed) {
                return;
            }
            tapeClosed = true;
            if (tape == engineTape) {
                tape = null;
                engineTape.close();
            }
        }
    }

    private final class LayerDispatch implements LayerSpec.Visitor<Layer> {
        @Override
        public Layer conv2d(Conv2d spec) {
            return EngineContext.this.conv2d(spec);
        }

        @Override
        public Layer convTranspose2d(ConvTranspose2d spec) {
            return EngineContext.this.convTranspose2d(spec);
        }

        @Override
        public Layer batchNorm2d(BatchNorm2d spec) {
            return EngineContext.this.batchNorm2d(spec);
        }

        @Override
        public Layer linear(Linear spec) {
            return EngineContext.this.linear(spec);
        }

        @Override
        public Layer maxout(Maxout spec) {
            return EngineContext.this.maxout(spec);
        }

        @Override
        public Layer dropout(Dropout spec) {
            return EngineContext.this.dropout(spec);
        }

        @Override
        public Layer relu(ReLU spec) {
            return EngineContext.this.relu(spec);
        }

        @Override
        public Layer leakyRelu(LeakyReLU spec) {
            return EngineContext.this.leakyRelu(spec);
        }

        @Override
        public Layer tanh(Tanh spec) {
            return EngineContext.this.tanh(spec);
        }

        @Override
        public Layer sigmoid(Sigmoid spec) {
            return EngineContext.this.sigmoid(spec);
        }

        @Override
        public Layer upsample(Upsample spec) {
            return EngineContext.this.upsample(spec);
        }

        @Override
        public Layer avgPool2d(AvgPool2d spec) {
            return EngineContext.this.avgPool2d(spec);
        }

        @Override
        public Layer embedding(Embedding spec) {
            return EngineContext.this.embedding(spec);
        }

        @Override
        public Layer conditionalBatchNorm2d(ConditionalBatchNorm2d spec) {
            return EngineContext.this.conditionalBatchNorm2d(spec);
        }

        @Override
        public Layer spectralNorm(SpectralNorm spec) {
            return EngineContext.this.spectralNorm(spec);
        }
    }

    private final class LossDispatch implements LossSpec.Visitor<LossKernel<T>> {
        @Override
        public LossKernel<T> binaryCrossEntropy(LossSpec.BinaryCrossEntropy spec) {
            return EngineContext.this.binaryCrossEntropy(spec);
        }

        @Override
        public LossKernel<T> binaryCrossEntropyWithLogits(LossSpec.BinaryCrossEntropyWithLogits spec) {
            return EngineContext.this.binaryCrossEntropyWithLogits(spec);
        }

        @Override
        public LossKernel<T> crossEntropy(LossSpec.CrossEntropy spec) {
            return EngineContext.this.crossEntropy(spec);
        }

        @Override
        public LossKernel<T> hinge(LossSpec.Hinge spec) {
            return EngineContext.this.hinge(spec);
        }
    }

    private final class OptimizerDispatch implements OptimizerSpec.Visitor<UpdateRule<T>> {
        @Override
        public UpdateRule<T> adam(OptimizerSpec.Adam spec) {
            return EngineContext.this.adam(spec);
        }

        @Override
        public UpdateRule<T> sgd(OptimizerSpec.Sgd spec) {
            return EngineContext.this.sgd(spec);
        }
    }
}
