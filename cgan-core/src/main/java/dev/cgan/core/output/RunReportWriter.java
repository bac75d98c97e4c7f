package dev.cgan.core.output;

import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.TrainingListener;

/**
 * At the end of a run (after the grids, loss plot and summary are written, so register it after those listeners):
 * assembles the sample grids into the evolution strip and GIF ({@link Evolution}) and writes {@code index.html}
 * ({@link RunPage}).
 */
public final class RunReportWriter implements TrainingListener {

    private final RunDirectory dir;

    /** Writes into {@code dir}. */
    public RunReportWriter(RunDirectory dir) {
        this.dir = dir;
    }

    @Override
    public void onFinish(RunSummary summary) {
        Evolution.write(dir);
        RunPage.write(dir);
    }
}
