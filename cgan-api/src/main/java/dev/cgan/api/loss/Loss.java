package dev.cgan.api.loss;

import dev.cgan.api.tensor.Tensor;

/** A loss function built by a backend from a {@link LossSpec}. */
public interface Loss {

    /** What this loss computes. */
    LossSpec spec();

    /**
     * The mean loss of {@code prediction} against {@code target} (same shape), as a scalar tensor. Differentiable with
     * respect to {@code prediction} while a tape records.
     */
    Tensor compute(Tensor prediction, Tensor target);
}
