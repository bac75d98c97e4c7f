package dev.cgan.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value of {@code train --time-limit}: hours, minutes and seconds written as {@code 1h30m}, {@code 20m}, {@code 90s}. */
final class TimeLimit {

    private static final Pattern FORM = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private TimeLimit() {
    }

    /**
     * The duration {@code text} names.
     *
     * @throws UsageException for anything else, or a duration of zero
     */
    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new UsageException("--time-limit " + text + ": not a duration; write hours, minutes and seconds "
                    + "as in 20m, 1h30m or 90s");
        }
        try {
            Duration d = Duration.ofHours(part(m, 1)).plusMinutes(part(m, 2)).plusSeconds(part(m, 3));
            if (d.isZero()) {
                throw new UsageException("--time-limit must be longer than 0, got " + text);
            }
            return d;
        } catch (ArithmeticException e) {
            throw new UsageException("--time-limit " + text + ": too long");
        }
    }

    private static long part(Matcher m, int group) {
        String digits = m.group(group);
        if (digits == null) {
            return 0;
        }
        if (digits.length() > 9) {
            throw new ArithmeticException("too many digits");
        }
        return Long.parseLong(digits);
    }
}
