package dev.cgan.core.train;

/**
 * A training setting out of its range. The message speaks of settings in the core's words; a front end renders
 * {@link #settingsMessage()} with its own names for them.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient SettingsMessage settingsMessage;

    public InvalidSettingException(SettingsMessage message) {
        super(message.toString());
        this.settingsMessage = message;
    }

    /** The message with its settings kept apart, to be named as the caller names them. */
    public SettingsMessage settingsMessage() {
        return settingsMessage;
    }
}
