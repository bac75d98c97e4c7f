package dev.cgan.api.spi;

import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;

/**
 * The part of a tensor every engine shares: its shape, its owner (a scope, or the context), whether it is closed, and
 * the two gradient flags the tape needs. An engine's tensor class extends it and adds its storage: how values are read
 * and written, how memory is released, and how the gradient of a leaf is kept.
 *
 * <p>A tensor is <em>tracked</em> when it is the result of an operation recorded on the open tape; it
 * <em>needs a gradient</em> when it is tracked or a leaf that {@link #requiresGrad() requires} one.
 */
public abstract class EngineTensor implements Tensor {

    private final EngineContext<?, ?> context;
    private final Shape shape;
    private EngineScope owner;
    private boolean requiresGrad;
    /** Whether this tensor has ever required a gradient: a leaf whose gradient outlives freezing. */
    private boolean leaf;
    private boolean tracked;
    private boolean closed;

    protected EngineTensor(EngineContext<?, ?> context, Shape shape) {
        this.context = context;
        this.shape = shape;
    }

    @Override
    public final Shape shape() {
        return shape;
    }

    @Override
    public final Device device() {
        return context.device();
    }

    @Override
    public final float[] toFloatArray() {
        requireOpen();
        return readValues();
    }

    @Override
    public final void copyFrom(float[] values) {
        requireOpen();
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fit a tensor of shape " + shape + " ("
                    + shape.size() + " elements)");
        }
        writeValues(values);
    }

    @Override
    public final Tensor requireGrad() {
        return requireGrad(true);
    }

    @Override
    public final Tensor requireGrad(boolean required) {
        requiresGrad = required;
        leaf |= required;
        return this;
    }

    @Override
    public final boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this tensor has ever required a gradient: a leaf whose gradient it keeps while frozen. */
    public final boolean isLeaf() {
        return leaf;
    }

    /** Whether this tensor is the result of an operation recorded on the open tape. */
    public final boolean tracked() {
        return tracked;
    }

    /** Marks this tensor as the result of a recorded operation (the tape does it). */
    public final void markTracked() {
        tracked = true;
    }

    /** Whether a gradient with respect to this tensor is of use: a leaf that collects one, or a recorded result. */
    public final boolean needsGrad() {
        return requiresGrad || tracked;
    }

    /**
     * Whether a backward pass has produced this leaf's gradient (PyTorch's {@code grad is not None}); optimizers skip a
     * parameter without one.
     */
    public abstract boolean hasGradient();

    /**
     * PyTorch's {@code .grad} of a leaf: {@code null} unless the tensor has {@link #requiresGrad() required} a
     * gradient (now, or before it was frozen), else the engine's {@link #leafGradient()}.
     */
    @Override
    public final Tensor grad() {
        return leaf ? leafGradient() : null;
    }

    /**
     * The gradient of this leaf, which requires one: a tensor of its shape that later backward passes keep adding to,
     * zeros before any reached it.
     */
    protected abstract Tensor leafGradient();

    /** Whether the tensor has been closed, by {@link #close()}, its scope or its context. */
    public final boolean isClosed() {
        return closed;
    }

    /** Fails with a clear message if the tensor has been closed. */
    public final void requireOpen() {
        if (closed) {
            throw new IllegalStateException(context.engineName() + " tensor of shape " + shape
                    + " was used after it was closed (by close(), its scope or its context)");
        }
    }

    /** The scope that frees this tensor, or {@code null} when the context does. */
    public final EngineScope owner() {
        return owner;
    }

    final void owner(EngineScope newOwner) {
        owner = newOwner;
    }

    final EngineContext<?, ?> owningContext() {
        return context;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.forget(this);
        release();
    }

    /** Called by the owner when it frees its tensors together: closed without the owner's bookkeeping. */
    final void closeByOwner() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** The values, row-major, copied to the host (the tensor is open). */
    protected abstract float[] readValues();

    /** Overwrites the values in place from row-major host values of the right count (the tensor is open). */
    protected abstract void writeValues(float[] values);

    /** Frees the storage (or forgets it, where the storage belongs to a scope's memory); called once. */
    protected abstract void release();

    @Override
    public String toString() {
        return context.engineName() + " tensor " + shape + (closed ? " (closed)" : "")
                + (requiresGrad ? " (requires grad)" : "");
    }
}
