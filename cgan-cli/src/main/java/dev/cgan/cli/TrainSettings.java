package dev.cgan.cli;

import dev.cgan.core.train.DiffAugmentSetting;
import dev.cgan.core.train.EmaSetting;
import dev.cgan.core.train.GanLoss;
import java.nio.file.Path;

/**
 * The {@code train} options as given, before anything is loaded.
 *
 * @param model           architecture name
 * @param data            data directory, or null for the default dataset
 * @param steps           iterations (0: {@code epochs} decides)
 * @param epochs          epochs, when {@code steps} is 0
 * @param batchSize       images per batch
 * @param lr              Adam learning rate
 * @param seed            the run's seed
 * @param out             run directory
 * @param sampleEvery     iterations between sample grids, or null for about a tenth of the run
 * @param checkpointEvery iterations between checkpoints, or null for the sample interval
 * @param samplesPerClass columns of the sample grid
 * @param resume          checkpoint (file, folder or run directory) to continue from, or null
 * @param ema             the moving average of the generator ({@link EmaSetting#OFF} without {@code --ema})
 * @param diffAugment     the discriminator's augmentation ({@link DiffAugmentSetting#OFF} without
 *                        {@code --diffaugment})
 * @param loss            the adversarial loss, or null for the model's default (no {@code --loss})
 */
record TrainSettings(String model, Path data, long steps, int epochs, int batchSize, double lr, long seed, Path out,
                     Integer sampleEvery, Integer checkpointEvery, int samplesPerClass, Path resume,
                     EmaSetting ema, DiffAugmentSetting diffAugment, GanLoss loss) {
}
