package dev.cgan.cli;

import dev.cgan.core.train.InvalidSettingException;
import dev.cgan.core.train.ResumeRefusedException;
import dev.cgan.core.train.SettingsMessage;
import dev.cgan.core.train.TrainingSetting;

/**
 * The core's training settings as {@code train} spells them: the core's messages name settings in words ("resume
 * with the same seed"), and what the command line shows names the option a user types instead ("resume with the
 * same --seed").
 */
public final class OptionNames {

    private OptionNames() {
    }

    /** The {@code train} option that sets {@code setting}. */
    public static String of(TrainingSetting setting) {
        return switch (setting) {
            case MODEL -> "--model";
            case DATA -> "--data";
            case STEPS -> "--steps";
            case EPOCHS -> "--epochs";
            case BATCH_SIZE -> "--batch-size";
            case LEARNING_RATE -> "--lr";
            case SEED -> "--seed";
            case SAMPLE_EVERY -> "--sample-every";
            case CHECKPOINT_EVERY -> "--checkpoint-every";
            case SAMPLES_PER_CLASS -> "--samples-per-class";
            case EMA_DECAY -> "--ema";
            case EMA_START -> "--ema-start";
            case DIFFAUGMENT -> "--diffaugment";
            case LOSS -> "--loss";
        };
    }

    /** {@code message} with option names for its settings. */
    public static String render(SettingsMessage message) {
        return message.render(OptionNames::of);
    }

    /** A failure's message, with option names for the settings it names, if it names any. */
    static String messageOf(RuntimeException e) {
        if (e instanceof InvalidSettingException invalid) {
            return render(invalid.settingsMessage());
        }
        if (e instanceof ResumeRefusedException refused) {
            return render(refused.settingsMessage());
        }
        return e.getMessage();
    }
}
