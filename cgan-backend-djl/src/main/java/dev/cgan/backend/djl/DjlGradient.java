package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.cgan.api.tensor.Tensor;

/**
 * The gradient of a leaf tensor, as a live view: each read asks libtorch for the leaf's current {@code .grad}. DJL
 * hands out a new wrapper per request, and libtorch may replace the gradient tensor (it is created by the first
 * backward), so holding one wrapper would either go stale or pile up wrappers; a view holds nothing.
 *
 * <p>It is a {@link DjlTensor}, so that it is what a gradient is on every other engine: a tensor of this context that
 * operations accept as input (the kit admits only the engine's tensor type), with the kit's lifecycle (owned by the
 * context, closed with it; closing it frees nothing, and the leaf hands out a new view afterwards). Everything that
 * would own or write storage is overridden: a view has none, and gradients are set by backward and zeroGrad only.
 */
final class DjlGradient extends DjlTensor {

    private final DjlTensor leaf;

    DjlGradient(DjlContext context, DjlTensor leaf) {
        super(context, leaf.shape());
        this.leaf = leaf;
    }

    /**
     * The leaf's gradient now (zeros before any backward reached it). Call inside a DJL scope, which frees the
     * wrapper; the gradient itself stays with the leaf.
     */
    @Override
    NDArray array() {
        requireOpen();
        return leaf.array().getGradient();
    }

    @Override
    protected float[] readValues() {
        try (NDScope temporaries = new NDScope()) {
            return array().toFloatArray();
        }
    }

    @Override
    protected void writeValues(float[] values) {
        throw context.unsupported("writing into a gradient (gradients are set by backward and zeroGrad only)");
    }

    /** Nothing to free: the gradient belongs to its leaf. */
    @Override
    protected void release() {
    }

    /** A gradient collects no gradient of its own, even if {@link #requireGrad()} was called on it. */
    @Override
    public boolean hasGradient() {
        return false;
    }

    @Override
    protected Tensor leafGradient() {
        return null;
    }

    @Override
    public void zeroGrad() {
        // a gradient has no gradient of its own
    }

    /** A copy: backward and zeroGrad change the gradient in place, and a detached value must not follow them. */
    @Override
    public Tensor detach() {
        return context.compute(() -> array().duplicate());
    }

    @Override
    public String toString() {
        return "gradient of " + leaf;
    }
}
