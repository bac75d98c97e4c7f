package dev.cgan.core.train;

import java.nio.file.Path;

/**
 * The settings of a training run; {@link #defaults()} are the README's first command.
 *
 * @param model           architecture name ({@code dcgan32}, {@code dcgan64})
 * @param data            a data directory, or null for the embedded default
 * @param steps           iterations to run in total (when > 0; otherwise {@code epochs} decides)
 * @param epochs          epochs to run when {@code steps} is 0
 * @param batchSize       images per batch
 * @param lr              Adam learning rate for both networks
 * @param beta1           Adam beta1
 * @param beta2           Adam beta2
 * @param seed            seed of the one RNG everything random comes from
 * @param sampleEvery     iterations between sample grids (0: only first and last)
 * @param checkpointEvery iterations between checkpoints (0: only at the end)
 * @param samplesPerClass columns of the sample grid
 * @param out             the run directory
 */
public record TrainingConfig(String model, Path data, long steps, int epochs, int batchSize, double lr, double beta1,
                             double beta2, long seed, int sampleEvery, int checkpointEvery, int samplesPerClass,
                             Path out) {

    public TrainingConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (steps < 0 || epochs < 0 || (steps == 0 && epochs == 0)) {
            throw new IllegalArgumentException("give a positive number of steps or epochs");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        if (sampleEvery < 0 || checkpointEvery < 0 || samplesPerClass < 1) {
            throw new IllegalArgumentException("sample/checkpoint intervals must be >= 0 and samples per class >= 1");
        }
    }
}
