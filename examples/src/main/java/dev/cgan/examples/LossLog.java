package dev.cgan.examples;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.TrainingListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A listener of one's own: keeps every iteration's losses and prints one line every {@code every} iterations. */
public final class LossLog implements TrainingListener {

    private final PrintStream out;
    private final int every;
    private final List<IterationRecord> records = new ArrayList<>();

    public LossLog(PrintStream out, int every) {
        this.out = out;
        this.every = every;
    }

    @Override
    public void onIteration(IterationRecord record) {
        records.add(record);
        if (record.iteration() % every == 0) {
            out.printf("iteration %d: loss D %.3f, loss G %.3f%n", record.iteration(), record.losses().lossD(),
                    record.losses().lossG());
        }
    }

    @Override
    public void onFinish(RunSummary summary) {
        out.printf("%s after %d iterations, %.0f images/s%n", summary.stopReason(), summary.iterations(),
                summary.imagesPerSecond());
    }

    /** The iterations seen so far, in order. */
    public List<IterationRecord> records() {
        return List.copyOf(records);
    }
}
