package dev.cgan.backend.jcuda;

import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.spi.LossKernel;

/**
 * The GAN hinge losses, mean-reduced, as two kernels of loss.cu each: {@code hinge_d_*} for the discriminator's
 * {@code mean(relu(1 - t * x))} (gradient 0 at exactly the margin) and {@code hinge_g_*} for the generator's
 * {@code -mean(t * x)}.
 */
record CudaHinge(CudaContext context, LossSpec.Hinge spec) implements LossKernel<CudaTensor> {

    @Override
    public CudaTensor compute(CudaTensor prediction, CudaTensor target) {
        String kernel = spec.part() == LossSpec.Hinge.Part.DISCRIMINATOR ? "hinge_d" : "hinge_g";
        return CudaPointwiseLoss.mean(context, kernel, prediction, target);
    }
}
