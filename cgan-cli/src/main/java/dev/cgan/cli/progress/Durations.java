package dev.cgan.cli.progress;

import java.util.Locale;

/** Durations as people read them on a console: {@code 42s}, {@code 4m05s}, {@code 2h07m}. */
final class Durations {

    private Durations() {
    }

    static String format(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "--";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
