package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/** A cgan tensor backed by one DJL array (a libtorch tensor), owned by a {@link DjlScope} or by its context. */
final class DjlTensor implements Tensor {

    private final DjlContext context;
    private final Shape shape;
    private NDArray array;
    private DjlScope owner;
    private boolean requiresGrad;
    private DjlGradient gradient;

    DjlTensor(DjlContext context, NDArray array, DjlScope owner) {
        this.context = context;
        this.array = array;
        this.owner = owner;
        this.shape = Shapes.fromDjl(array.getShape());
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Device device() {
        return context.device();
    }

    @Override
    public float[] toFloatArray() {
        return array().toFloatArray();
    }

    @Override
    public void copyFrom(float[] values) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fit a tensor of shape " + shape);
        }
        NDArray target = array();
        context.run(() -> {
            NDArray source = context.manager().create(values, target.getShape());
            // In place (not a storage swap), so aliases, the autograd identity and optimizers keep seeing this tensor.
            try (NoGrad ignored = NoGrad.enter()) {
                TorchFunctions.copyInto(target, source);
            }
        });
    }

    @Override
    public Tensor requireGrad() {
        if (!requiresGrad) {
            array().setRequiresGradient(true);
            markRequiresGrad();
        }
        return this;
    }

    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    @Override
    public Tensor grad() {
        if (!requiresGrad) {
            return null;
        }
        if (gradient == null) {
            gradient = new DjlGradient(context, this);
        }
        return gradient;
    }

    @Override
    public void zeroGrad() {
        if (requiresGrad) {
            TorchFunctions.zeroGrad(array());
        }
    }

    @Override
    public Tensor detach() {
        NDArray source = array();
        return context.compute(source::stopGradient);
    }

    @Override
    public void close() {
        if (release() && owner != null) {
            owner.forget(this);
        }
    }

    @Override
    public String toString() {
        return "DjlTensor" + shape + (array == null ? " (closed)" : "") + (requiresGrad ? " requires grad" : "");
    }

    // ---- for the backend's own classes ----

    /** The live array; fails if the tensor was freed. */
    NDArray array() {
        if (array == null) {
            throw new IllegalStateException("tensor of shape " + shape + " was closed (by close() or its scope)");
        }
        return array;
    }

    DjlContext context() {
        return context;
    }

    DjlScope owner() {
        return owner;
    }

    void owner(DjlScope newOwner) {
        owner = newOwner;
    }

    void markRequiresGrad() {
        requiresGrad = true;
    }

    /** Frees the array without telling the owner (which is closing). Returns whether anything was freed. */
    boolean release() {
        if (array == null) {
            return false;
        }
        array.close();
        array = null;
        return true;
    }
}
