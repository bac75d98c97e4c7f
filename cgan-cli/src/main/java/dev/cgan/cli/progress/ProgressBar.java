package dev.cgan.cli.progress;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on an interactive terminal: one line, redrawn in place with a carriage return, e.g.
 * <pre>[########------------]  1234/4690  epoch 8  D 1.103  G 1.872  405 img/s  ETA 2m51s</pre>
 * Redrawn at most ten times a second: a fast backend finishes hundreds of iterations a second, and a terminal that
 * repaints for each of them slows the run down.
 */
public final class ProgressBar implements TrainingListener {

    private static final int BAR_WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final IterationPace pace = new IterationPace();
    private long total;
    private long lastDraw;
    private int lastLength;
    private IterationRecord last;

    /** Draws on {@code out}, which should be a terminal. */
    public ProgressBar(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onStart(RunInfo run) {
        total = run.totalIterations();
        pace.start(System.nanoTime());
        lastDraw = 0;
    }

    @Override
    public void onIteration(IterationRecord record) {
        long now = System.nanoTime();
        pace.tick(now);
        last = record;
        if (now - lastDraw >= REDRAW_NANOS || record.iteration() == total) {
            draw(record);
            lastDraw = now;
        }
    }

    @Override
    public void onFinish(RunSummary summary) {
        if (last != null) {
            draw(last);
            out.println();
            out.flush();
        }
    }

    private void draw(IterationRecord r) {
        String line = line(r, total, pace.eta(total - r.iteration()));
        // Blanks over the tail of a longer previous line, so nothing stale remains after a shorter one.
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    /** The progress line for {@code r} of {@code total} iterations with {@code etaSeconds} to go. */
    static String line(IterationRecord r, long total, double etaSeconds) {
        double fraction = total > 0 ? Math.min(1.0, (double) r.iteration() / total) : 0;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String bar = "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
        int digits = Long.toString(total).length();
        return String.format(Locale.ROOT, "%s  %" + digits + "d/%d  epoch %d  D %.3f  G %.3f  %.0f img/s  ETA %s",
                bar, r.iteration(), total, r.epoch(), r.losses().lossD(), r.losses().lossG(), r.imagesPerSecond(),
                r.iteration() >= total ? "0s" : Durations.format(etaSeconds));
    }
}
