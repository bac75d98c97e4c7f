package dev.cgan.backend.jcuda;

import dev.cgan.api.optim.OptimizerSpec;

/**
 * The per-step scalars of torch.optim.Adam, computed in double as PyTorch computes them in Python and rounded once to
 * float32 for the kernel: {@code step_size = lr / (1 - beta1^t)} and {@code sqrt(1 - beta2^t)}.
 */
record AdamScalars(float stepSize, float biasCorrection2Sqrt) {

    static AdamScalars at(OptimizerSpec.Adam adam, long step) {
        if (step < 1) {
            throw new IllegalArgumentException("Adam steps count from 1, got " + step);
        }
        double biasCorrection1 = 1 - Math.pow(adam.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(adam.beta2(), step);
        return new AdamScalars((float) (adam.lr() / biasCorrection1), (float) Math.sqrt(biasCorrection2));
    }
}
