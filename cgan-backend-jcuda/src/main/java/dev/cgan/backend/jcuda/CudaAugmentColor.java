package dev.cgan.backend.jcuda;

/**
 * DiffAugment's color policy ({@code TensorOps.augmentColor}): the per-sample factors uploaded as one
 * {@code [3, N]} tensor, then one block per sample (augment.cu) for the forward and one for the gradient through the
 * (undetached) channel and sample means.
 */
final class CudaAugmentColor {

    private CudaAugmentColor() {
    }

    static CudaTensor apply(CudaContext context, CudaTensor x, float[] brightness, float[] saturation,
                            float[] contrast) {
        int batch = x.shape().dim(0);
        int channels = x.shape().dim(1);
        int plane = x.shape().dim(2) * x.shape().dim(3);
        float[] factors = new float[3 * batch];
        System.arraycopy(brightness, 0, factors, 0, batch);
        System.arraycopy(saturation, 0, factors, batch, batch);
        System.arraycopy(contrast, 0, factors, 2 * batch, batch);
        CudaTensor params = CudaAugmentTranslation.upload(context, factors);
        CudaTensor y = context.allocate(x.shape());
        context.kernels().launch(KernelSource.AUGMENT, "augment_color_forward", LaunchGeometry.perOutput(batch),
                x.data(), y.data(), params.data(), batch, channels, plane);
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> {
                CudaTensor dx = context.allocate(x.shape());
                context.kernels().launch(KernelSource.AUGMENT, "augment_color_backward",
                        LaunchGeometry.perOutput(batch), g.data(), dx.data(), params.data(), batch, channels, plane);
                grads.add(x, dx);
            });
        }
        return y;
    }
}
