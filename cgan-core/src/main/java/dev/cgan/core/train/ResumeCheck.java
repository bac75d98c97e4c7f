package dev.cgan.core.train;

import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.data.Dataset;
import java.util.Locale;

/**
 * Whether a run may continue from a checkpoint: only one of the same model, seed, batch size, data and generator
 * average and loss (anything else
 * would not be the run it claims to continue) that is not already at the run's end. Other settings (steps, intervals,
 * learning rate) are the new run's.
 */
final class ResumeCheck {

    private ResumeCheck() {
    }

    /**
     * @param source names the checkpoint in messages
     * @throws ResumeRefusedException naming the setting that differs, or saying the run is already complete
     */
    static void require(CheckpointInfo info, String source, TrainingConfig config, Dataset dataset,
                        long totalIterations) {
        requireSame(source, "model", info.config().model().toLowerCase(Locale.ROOT),
                config.model().toLowerCase(Locale.ROOT), TrainingSetting.MODEL);
        requireSame(source, "seed", info.config().seed(), config.seed(), TrainingSetting.SEED);
        requireSame(source, "batch size", info.config().batchSize(), config.batchSize(), TrainingSetting.BATCH_SIZE);
        requireSame(source, "class names", info.classNames(), dataset.classNames(), TrainingSetting.DATA);
        requireSame(source, "number of training images", info.datasetSize(), dataset.size(), TrainingSetting.DATA);
        // The average is part of the state that continues; another one would not be the run it claims to continue.
        EmaSetting saved = info.config().ema();
        requireSame(source, "EMA", decay(saved), decay(config.ema()), TrainingSetting.EMA_DECAY);
        if (saved.isOn()) {
            requireSame(source, "EMA start iteration", saved.start(), config.ema().start(), TrainingSetting.EMA_START);
        }
        // So is the augmentation: its stream continues only with the same policies.
        requireSame(source, "DiffAugment", info.config().diffAugment().describe(), config.diffAugment().describe(),
                TrainingSetting.DIFFAUGMENT);
        // The optimizer state belongs to the loss it followed.
        requireSame(source, "loss", info.config().loss() == null ? GanLoss.BCE.label() : info.config().loss().label(),
                config.loss() == null ? "(the model's default)" : config.loss().label(), TrainingSetting.LOSS);
        if (info.iteration() >= totalIterations) {
            throw new ResumeRefusedException(SettingsMessage.of(source + " is at iteration " + info.iteration()
                    + ", the end of a " + totalIterations + "-iteration run; ask for more steps or epochs to "
                    + "continue training"));
        }
    }

    private static String decay(EmaSetting ema) {
        return ema.isOn() ? "decay " + ema.decay() : "off";
    }

    private static void requireSame(String source, String what, Object saved, Object now, TrainingSetting setting) {
        if (!saved.equals(now)) {
            throw new ResumeRefusedException(SettingsMessage.of(source + " was trained with " + what + " " + saved
                    + " but this run has " + now + "; resume with the same ", setting));
        }
    }
}
