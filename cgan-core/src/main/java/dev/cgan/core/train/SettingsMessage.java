package dev.cgan.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A one-line message that refers to training settings, kept as text and {@link TrainingSetting}s so that whoever shows
 * it can name the settings its own way: {@link #toString()} uses the core's words ("resume with the same seed"), the
 * command line its option names ("resume with the same --seed").
 */
public final class SettingsMessage {

    private final List<Object> parts;

    private SettingsMessage(List<Object> parts) {
        this.parts = Collections.unmodifiableList(parts);
    }

    /**
     * A message made of {@code parts} in order.
     *
     * @param parts each a {@link String} (shown as is) or a {@link TrainingSetting} (shown by its name)
     * @throws IllegalArgumentException for any other part
     */
    public static SettingsMessage of(Object... parts) {
        List<Object> checked = new ArrayList<>(parts.length);
        for (Object part : parts) {
            if (!(part instanceof String) && !(part instanceof TrainingSetting)) {
                throw new IllegalArgumentException("a settings message is made of strings and settings, not "
                        + (part == null ? "null" : part.getClass().getName()));
            }
            checked.add(part);
        }
        return new SettingsMessage(checked);
    }

    /** The message with the settings named by {@code names}. */
    public String render(Function<? super TrainingSetting, String> names) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof TrainingSetting s ? names.apply(s) : (String) part);
        }
        return out.toString();
    }

    /** The message in the core's words. */
    @Override
    public String toString() {
        return render(TrainingSetting::words);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingsMessage m && m.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parts);
    }
}
