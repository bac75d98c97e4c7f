package dev.cgan.core.train;

import dev.cgan.api.optim.OptimizerSpec;
import java.nio.file.Path;

/**
 * The settings of a training run, and the one place their ranges are checked: the constructor applies the
 * {@code require...} rules below, which a front end may also call on its own to refuse a bad value before it loads
 * anything. Failures are {@link InvalidSettingException}s that name the setting in the core's words
 * ({@link TrainingSetting}).
 *
 * @param model           architecture name ({@code dcgan32}, {@code dcgan64}, {@code mlp})
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
 * @param ema             the moving average of the generator's weights, or {@link EmaSetting#OFF}
 * @param diffAugment     the augmentation of the discriminator's images, or {@link DiffAugmentSetting#OFF}
 * @param loss            the adversarial loss, or null for the model's default ({@link GanLoss#defaultFor})
 */
public record TrainingConfig(String model, Path data, long steps, int epochs, int batchSize, double lr, double beta1,
                             double beta2, long seed, int sampleEvery, int checkpointEvery, int samplesPerClass,
                             Path out, EmaSetting ema, DiffAugmentSetting diffAugment, GanLoss loss) {

    /**
     * DCGAN's Adam settings (lr 2e-4, betas 0.5 and 0.999, PyTorch's eps 1e-8), as cgan-api states them: the optimizer
     * of every run, whose learning rate a run may change ({@link #dcgan}), and the default of a front end's learning
     * rate.
     */
    public static final OptimizerSpec.Adam DCGAN_ADAM = OptimizerSpec.Adam.dcgan();

    public TrainingConfig {
        requireBatchSize(batchSize);
        requireLength(steps, epochs);
        requireLearningRate(lr);
        requireInterval(TrainingSetting.SAMPLE_EVERY, sampleEvery);
        requireInterval(TrainingSetting.CHECKPOINT_EVERY, checkpointEvery);
        requireSamplesPerClass(samplesPerClass);
        java.util.Objects.requireNonNull(ema, "ema (EmaSetting.OFF for none)");
        if (ema.isOn()) {
            requireEma(ema.decay(), ema.start());
        }
        java.util.Objects.requireNonNull(diffAugment, "diffAugment (DiffAugmentSetting.OFF for none)");
    }

    /** Settings without DiffAugment ({@link DiffAugmentSetting#OFF}) and with the model's default loss. */
    public TrainingConfig(String model, Path data, long steps, int epochs, int batchSize, double lr, double beta1,
                          double beta2, long seed, int sampleEvery, int checkpointEvery, int samplesPerClass,
                          Path out, EmaSetting ema) {
        this(model, data, steps, epochs, batchSize, lr, beta1, beta2, seed, sampleEvery, checkpointEvery,
                samplesPerClass, out, ema, DiffAugmentSetting.OFF, (GanLoss) null);
    }

    /** Settings with the model's default loss. */
    public TrainingConfig(String model, Path data, long steps, int epochs, int batchSize, double lr, double beta1,
                          double beta2, long seed, int sampleEvery, int checkpointEvery, int samplesPerClass,
                          Path out, EmaSetting ema, DiffAugmentSetting diffAugment) {
        this(model, data, steps, epochs, batchSize, lr, beta1, beta2, seed, sampleEvery, checkpointEvery,
                samplesPerClass, out, ema, diffAugment, (GanLoss) null);
    }

    /** Settings without DiffAugment ({@link DiffAugmentSetting#OFF}). */
    public TrainingConfig(String model, Path data, long steps, int epochs, int batchSize, double lr, double beta1,
                          double beta2, long seed, int sampleEvery, int checkpointEvery, int samplesPerClass,
                          Path out, EmaSetting ema, GanLoss loss) {
        this(model, data, steps, epochs, batchSize, lr, beta1, beta2, seed, sampleEvery, checkpointEvery,
                samplesPerClass, out, ema, DiffAugmentSetting.OFF, loss);
    }

    /** Settings without a moving average of the generator ({@link EmaSetting#OFF}). */
    public TrainingConfig(String model, Path data, long steps, int epochs, int batchSize, double lr, double beta1,
                          double beta2, long seed, int sampleEvery, int checkpointEvery, int samplesPerClass,
                          Path out) {
        this(model, data, steps, epochs, batchSize, lr, beta1, beta2, seed, sampleEvery, checkpointEvery,
                samplesPerClass, out, EmaSetting.OFF);
    }

    /** These settings with the generator's moving average set to {@code ema}. */
    public TrainingConfig withEma(EmaSetting ema) {
        return new TrainingConfig(model, data, steps, epochs, batchSize, lr, beta1, beta2, seed, sampleEvery,
                checkpointEvery, samplesPerClass, out, ema, diffAugment, loss);
    }

    /** These settings with DiffAugment set to {@code diffAugment}. */
    public TrainingConfig withDiffAugment(DiffAugmentSetting diffAugment) {
        return new TrainingConfig(model, data, steps, epochs, batchSize, lr, beta1, beta2, seed, sampleEvery,
                checkpointEvery, samplesPerClass, out, ema, diffAugment, loss);
    }

    /** These settings with the adversarial loss set to {@code loss} (null: the model's default). */
    public TrainingConfig withLoss(GanLoss loss) {
        return new TrainingConfig(model, data, steps, epochs, batchSize, lr, beta1, beta2, seed, sampleEvery,
                checkpointEvery, samplesPerClass, out, ema, diffAugment, loss);
    }

    /** The loss of a run of {@code spec}: the one set, or the model's default. */
    public GanLoss lossFor(dev.cgan.core.model.ModelSpec spec) {
        return loss != null ? loss : GanLoss.defaultFor(spec);
    }

    /**
     * @throws InvalidSettingException for {@link GanLoss#HINGE} on a model whose discriminator ends in a Sigmoid
     *                                 (neither hinge margin can be reached on a probability)
     */
    public static void requireLossFits(dev.cgan.core.model.ModelSpec spec, GanLoss loss) {
        if (loss == GanLoss.HINGE && spec.discriminatorOutputsProbability()) {
            throw invalid(TrainingSetting.LOSS, " hinge needs a discriminator that outputs raw scores; "
                    + spec.name() + " ends in a Sigmoid: use bce");
        }
    }

    /** Settings with DCGAN's Adam betas ({@link #DCGAN_ADAM}) and the given learning rate. */
    public static TrainingConfig dcgan(String model, Path data, long steps, int epochs, int batchSize, double lr,
                                       long seed, int sampleEvery, int checkpointEvery, int samplesPerClass,
                                       Path out) {
        return new TrainingConfig(model, data, steps, epochs, batchSize, lr, DCGAN_ADAM.beta1(), DCGAN_ADAM.beta2(),
                seed, sampleEvery, checkpointEvery, samplesPerClass, out);
    }

    /** The optimizer of both networks: Adam with these settings' rate and betas and DCGAN's epsilon. */
    public OptimizerSpec.Adam optimizer() {
        return new OptimizerSpec.Adam(lr, beta1, beta2, DCGAN_ADAM.eps());
    }

    /** @throws InvalidSettingException unless {@code batchSize} is at least 1 */
    public static void requireBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw invalid(TrainingSetting.BATCH_SIZE, " must be at least 1, got " + batchSize);
        }
    }

    /** @throws InvalidSettingException unless the run has a length: steps, or else epochs, positive */
    public static void requireLength(long steps, int epochs) {
        if (steps < 0 || epochs < 0 || (steps == 0 && epochs == 0)) {
            throw new InvalidSettingException(SettingsMessage.of("give a positive number of ", TrainingSetting.STEPS,
                    " or ", TrainingSetting.EPOCHS));
        }
    }

    /** @throws InvalidSettingException unless {@code lr} is a positive finite number */
    public static void requireLearningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw invalid(TrainingSetting.LEARNING_RATE, " must be a positive number, got " + lr);
        }
    }

    /** @throws InvalidSettingException if an interval in iterations is negative (0 means never in between) */
    public static void requireInterval(TrainingSetting interval, int iterations) {
        if (iterations < 0) {
            throw invalid(interval, " must be 0 or more, got " + iterations);
        }
    }

    /** @throws InvalidSettingException unless the sample grid has at least one column */
    public static void requireSamplesPerClass(int samplesPerClass) {
        if (samplesPerClass < 1) {
            throw invalid(TrainingSetting.SAMPLES_PER_CLASS, " must be at least 1, got " + samplesPerClass);
        }
    }

    /**
     * @throws InvalidSettingException unless {@code decay} lies strictly between 0 and 1 (0 would copy the weights, 1
     *                                 would never move from the initial ones) and {@code start} is 0 or more
     */
    public static void requireEma(double decay, long start) {
        if (!(decay > 0 && decay < 1)) {
            throw invalid(TrainingSetting.EMA_DECAY, " must lie strictly between 0 and 1 (0.999 is usual), got "
                    + decay);
        }
        if (start < 0) {
            throw invalid(TrainingSetting.EMA_START, " must be 0 or more, got " + start);
        }
    }

    private static InvalidSettingException invalid(TrainingSetting setting, String problem) {
        return new InvalidSettingException(SettingsMessage.of(setting, problem));
    }
}
