package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Tensor;
import java.util.Arrays;

/** Constant loss targets shaped like a discriminator output. */
final class Targets {

    private Targets() {
    }

    /** A tensor of {@code like}'s shape filled with {@code value}. */
    static Tensor filled(ComputeContext context, Tensor like, float value) {
        float[] v = new float[like.shape().sizeAsInt()];
        Arrays.fill(v, value);
        return context.tensor(v, like.shape());
    }
}
