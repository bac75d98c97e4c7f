package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.spi.LossKernel;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * The GAN hinge losses as libtorch expressions, differentiated by libtorch: the discriminator's
 * {@code relu(1 - t * x).mean()} (libtorch's relu has gradient 0 at exactly the margin, as the spec says) and the
 * generator's {@code (-(t * x)).mean()}. The target takes no gradient.
 */
record DjlHinge(DjlContext context, LossSpec.Hinge spec) implements LossKernel<DjlTensor> {

    @Override
    public DjlTensor compute(DjlTensor prediction, DjlTensor target) {
        return context.compute(() -> {
            NDArray x = prediction.array();
            NDArray tx = target.array().stopGradient().mul(x);
            return spec.part() == LossSpec.Hinge.Part.DISCRIMINATOR
                    ? TorchFunctions.relu(tx.neg().add(1f)).mean()
                    : tx.neg().mean();
        });
    }
}
