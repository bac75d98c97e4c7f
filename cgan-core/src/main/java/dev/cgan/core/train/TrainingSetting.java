package dev.cgan.core.train;

/**
 * The settings of a training run as the core names them in its messages ("learning rate must be a positive number").
 * A front end that spells them otherwise, as the command line does with its option names ({@code --lr}), renders a
 * {@link SettingsMessage} with its own names instead.
 */
public enum TrainingSetting {
    MODEL("model"),
    DATA("data"),
    STEPS("steps"),
    EPOCHS("epochs"),
    BATCH_SIZE("batch size"),
    LEARNING_RATE("learning rate"),
    SEED("seed"),
    SAMPLE_EVERY("sample interval"),
    CHECKPOINT_EVERY("checkpoint interval"),
    SAMPLES_PER_CLASS("samples per class"),
    EMA_DECAY("EMA decay"),
    EMA_START("EMA start iteration"),
    DIFFAUGMENT("DiffAugment"),
    LOSS("loss");

    private final String words;

    TrainingSetting(String words) {
        this.words = words;
    }

    /** The setting in plain words, as the core's messages name it. */
    public String words() {
        return words;
    }
}
