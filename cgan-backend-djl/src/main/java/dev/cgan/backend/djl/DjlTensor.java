package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.spi.EngineTensor;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * A cgan tensor backed by one DJL array (a libtorch tensor). Gradients are libtorch's own: a leaf that
 * {@link #requiresGrad() requires} one has libtorch's {@code requires_grad} set, and backward accumulates into its
 * {@code .grad}, which {@link #grad()} reads through a {@link DjlGradient} view.
 */
class DjlTensor extends EngineTensor {

    /** The context, typed: the kit keeps its own reference as the generic one. */
    final DjlContext context;
    private NDArray array;
    /** libtorch's {@code requires_grad} as last set here, to follow {@link #requireGrad(boolean)}. */
    private boolean gradientAttached;
    private DjlGradient gradient;

    DjlTensor(DjlContext context, NDArray array) {
        super(context, Shapes.fromDjl(array.getShape()));
        this.context = context;
        this.array = array;
    }

    /** A tensor whose array is found elsewhere ({@link DjlGradient}). */
    DjlTensor(DjlContext context, Shape shape) {
        super(context, shape);
        this.context = context;
    }

    /**
     * The live array; fails if the tensor was closed. {@link #requireGrad(boolean)} is the kit's (it only sets a
     * flag), so libtorch's own flag is set here, at the first use after it: every operation, gradient read and copy
     * reaches the array through this method, so libtorch knows before it records anything on the leaf. Freezing a
     * leaf clears libtorch's {@code requires_grad}: operations recorded afterwards compute no gradient for it, and
     * libtorch accumulates nothing into a leaf that does not require one; its {@code .grad} stays.
     */
    NDArray array() {
        requireOpen();
        if (gradientAttached != requiresGrad()) {
            TorchFunctions.requireGradient(array, requiresGrad());
            gradientAttached = requiresGrad();
        }
        return array;
    }

    /** The array of {@code t}, or null when there is no tensor (an absent bias). */
    static NDArray arrayOrNull(DjlTensor t) {
        return t == null ? null : t.array();
    }

    @Override
    protected float[] readValues() {
        return array().toFloatArray();
    }

    @Override
    protected void writeValues(float[] values) {
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
    protected void release() {
        array.close();
        array = null;
    }

    @Override
    public boolean hasGradient() {
        array();
        if (!isLeaf()) {
            return false;
        }
        // The wrapper is new per call; closing it leaves the gradient with the leaf.
        try (NDArray g = TorchFunctions.gradient(array())) {
            return g != null;
        }
    }

    @Override
    protected Tensor leafGradient() {
        if (gradient == null || gradient.isClosed()) {
            gradient = new DjlGradient(context, this);
            context.adoptPersistent(gradient);
        }
        return gradient;
    }

    @Override
    public void zeroGrad() {
        array();
        if (isLeaf()) {
            TorchFunctions.zeroGrad(array());
        }
    }

    @Override
    public Tensor detach() {
        NDArray source = array();
        return context.compute(source::stopGradient);
    }
}
