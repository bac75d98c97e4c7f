package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;

/**
 * The gradient of a leaf tensor, as a live view: each read asks libtorch for the leaf's current {@code .grad}. DJL
 * hands out a new wrapper per request, and libtorch may replace the gradient tensor (it is created by the first
 * backward), so holding one wrapper would either go stale or pile up wrappers; a view holds nothing.
 */
final class DjlGradient implements Tensor {

    private final DjlContext context;
    private final DjlTensor leaf;

    DjlGradient(DjlContext context, DjlTensor leaf) {
        this.context = context;
        this.leaf = leaf;
    }

    @Override
    public Shape shape() {
        return leaf.shape();
    }

    @Override
    public Device device() {
        return leaf.device();
    }

    @Override
    public float[] toFloatArray() {
        try (NDScope temporaries = new NDScope()) {
            return current().toFloatArray();
        }
    }

    @Override
    public void copyFrom(float[] values) {
        throw DjlContext.unsupported("writing into a gradient (gradients are set by backward and zeroGrad only)");
    }

    @Override
    public Tensor requireGrad() {
        throw DjlContext.unsupported("gradients of gradients");
    }

    @Override
    public boolean requiresGrad() {
        return false;
    }

    @Override
    public Tensor grad() {
        return null;
    }

    @Override
    public void zeroGrad() {
        // a gradient has no gradient of its own
    }

    @Override
    public Tensor detach() {
        return context.compute(() -> current().duplicate());
    }

    /** Nothing to free: the gradient belongs to its leaf. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "gradient of " + leaf;
    }

    DjlContext context() {
        return context;
    }

    /**
     * The leaf's gradient now (zeros before any backward reached it). Call inside a DJL scope, which frees the
     * wrapper; the gradient itself stays with the leaf.
     */
    NDArray current() {
        return leaf.array().getGradient();
    }
}
