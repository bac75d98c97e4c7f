package dev.cgan.core.init;

import dev.cgan.core.model.ModelSpec;

/** Draws a model's generator noise from the distribution its spec names. */
public final class ModelNoise {

    private ModelNoise() {
    }

    /** Fills {@code out} with noise for {@code model}: N(0, 1) for DCGANs, U[0, 1) for the paper's MLP. */
    public static void fill(ModelSpec model, float[] out, SeededRandom rng) {
        switch (model.noise()) {
            case GAUSSIAN -> rng.fillGaussian(out, 0.0, 1.0);
            case UNIFORM -> rng.fillUniform(out);
            default -> throw new IllegalStateException("unknown noise " + model.noise());
        }
    }
}
