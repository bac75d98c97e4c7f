package dev.cgan.core.data;

/**
 * Where a {@link BatchSampler} is, compactly enough for a checkpoint: the permutation of the current epoch is not
 * stored but re-drawn from the random state it was drawn from.
 *
 * @param epoch             the current 1-based epoch, 0 before the first batch
 * @param position          how many images of the current epoch's permutation have been used
 * @param epochRandomState  the sampler's random state just before the current epoch's shuffle (or, before the first
 *                          batch, its current state)
 */
public record SamplerState(int epoch, int position, long epochRandomState) {

    public SamplerState {
        if (epoch < 0 || position < 0) {
            throw new IllegalArgumentException("invalid sampler state: epoch " + epoch + ", position " + position);
        }
    }
}
