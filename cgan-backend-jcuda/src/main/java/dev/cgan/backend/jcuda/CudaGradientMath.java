package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.BackwardTape;

/**
 * The gradient arithmetic of the kit's {@link BackwardTape} as kernels: gradients are device tensors of the innermost
 * scope, summed into new tensors (a gradient handed to several inputs is never modified) and added into a leaf's
 * gradient buffer in place.
 */
record CudaGradientMath(CudaContext context) implements BackwardTape.GradientMath<CudaTensor, CudaTensor> {

    @Override
    public CudaTensor onesLike(CudaTensor t) {
        return context.filled(t.shape(), 1f);
    }

    @Override
    public CudaTensor sum(CudaTensor a, CudaTensor b) {
        requireSameShape(a, b);
        return context.ops().sum(a, b);
    }

    @Override
    public void accumulate(CudaTensor leaf, CudaTensor grad) {
        requireSameShape(leaf, grad);
        context.ops().accumulate(leaf.gradBuffer(), grad);
    }

    /**
     * The kernels add element by element over the first tensor's count: a gradient of another shape (a backward
     * closure's bug) would read out of bounds on the device, silently, so it is refused here.
     */
    private static void requireSameShape(CudaTensor t, CudaTensor grad) {
        if (!t.shape().equals(grad.shape())) {
            throw new IllegalStateException("a gradient of shape " + grad.shape() + " met one of shape " + t.shape());
        }
    }
}
