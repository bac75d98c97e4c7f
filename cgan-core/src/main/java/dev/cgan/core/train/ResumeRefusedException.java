package dev.cgan.core.train;

import dev.cgan.core.checkpoint.CheckpointException;

/**
 * A readable checkpoint this run cannot continue from: made with another model, seed, batch size or data, or already
 * at the run's end. The message says which setting to keep the same, in the core's words; a front end renders
 * {@link #settingsMessage()} with its own names for the settings.
 */
public class ResumeRefusedException extends CheckpointException {

    private static final long serialVersionUID = 1L;

    private final transient SettingsMessage settingsMessage;

    public ResumeRefusedException(SettingsMessage message) {
        super(message.toString());
        this.settingsMessage = message;
    }

    /** The message with its settings kept apart, to be named as the caller names them. */
    public SettingsMessage settingsMessage() {
        return settingsMessage;
    }
}
