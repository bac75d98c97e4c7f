package dev.cgan.cli.progress;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.TrainingListener;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Progress when the output is not a terminal (a log file, CI, a pipe): a plain timestamped line every
 * {@code every} iterations and after the last one, since carriage-return redraws would fill a log with garbage.
 */
public final class ProgressLog implements TrainingListener {

    /** The default interval between lines. */
    public static final int DEFAULT_EVERY = 50;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final PrintWriter out;
    private final int every;
    private final IterationPace pace = new IterationPace();
    private long total;
    private IterationRecord last;
    private boolean lastPrinted;

    /** Logs to {@code out} every {@code every} iterations. */
    public ProgressLog(PrintWriter out, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("log interval must be at least 1, got " + every);
        }
        this.out = out;
        this.every = every;
    }

    @Override
    public void onStart(RunInfo run) {
        total = run.totalIterations();
        pace.start(System.nanoTime());
    }

    @Override
    public void onIteration(IterationRecord record) {
        pace.tick(System.nanoTime());
        last = record;
        lastPrinted = record.iteration() % every == 0 || record.iteration() == total;
        if (lastPrinted) {
            print(record);
        }
    }

    @Override
    public void onFinish(RunSummary summary) {
        // An interrupted or diverged run ends between log lines; its last figures belong in the log too.
        if (last != null && !lastPrinted) {
            print(last);
        }
    }

    private void print(IterationRecord r) {
        out.println(line(LocalTime.now().format(TIME), r, total, pace.eta(total - r.iteration())));
        out.flush();
    }

    /** One log line. */
    static String line(String time, IterationRecord r, long total, double etaSeconds) {
        return String.format(Locale.ROOT,
                "%s  iteration %d/%d  epoch %d  loss D %.4f  loss G %.4f  D(x) %.3f  D(G(z)) %.3f  %.0f img/s  ETA %s",
                time, r.iteration(), total, r.epoch(), r.losses().lossD(), r.losses().lossG(), r.losses().dReal(),
                r.losses().dFake(), r.imagesPerSecond(), r.iteration() >= total ? "0s" : Durations.format(etaSeconds));
    }
}
