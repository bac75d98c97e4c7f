package dev.cgan.api.spi;

import dev.cgan.api.optim.OptimizerSpec;

/**
 * Adam's per-step scalars as {@code torch.optim.Adam} computes them, in double in Python, before libtorch narrows them
 * to float32 where it applies them: {@code bias_correction1 = 1 - beta1^t}, {@code bias_correction2 = 1 - beta2^t},
 * {@code step_size = lr / bias_correction1} and {@code sqrt(bias_correction2)}.
 */
public record AdamStep(double biasCorrection1, double biasCorrection2, double stepSize, double biasCorrection2Sqrt) {

    /** The scalars of step {@code step} (counted from 1). */
    public static AdamStep of(OptimizerSpec.Adam adam, long step) {
        if (step < 1) {
            throw new IllegalArgumentException("Adam steps count from 1, got " + step);
        }
        double biasCorrection1 = 1 - Math.pow(adam.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(adam.beta2(), step);
        return new AdamStep(biasCorrection1, biasCorrection2, adam.lr() / biasCorrection1,
                Math.sqrt(biasCorrection2));
    }
}
