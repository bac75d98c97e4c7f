package dev.cgan.core.output;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.SampleGrid;
import dev.cgan.core.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps {@code index.html} up to date (register it after the listeners that write grids, loss plot and summary, since
 * it reads their files). While training it writes a live page ({@link RunPage#writeLive}) at the start and after every
 * sample grid and checkpoint; at the end it assembles the sample grids into the evolution strip and GIF
 * ({@link Evolution}) and writes the final page ({@link RunPage#write}), which no longer refreshes.
 */
public final class RunReportWriter implements TrainingListener {

    /** Seconds between reloads of a live page in the browser. */
    static final int REFRESH_SECONDS = 5;

    private final RunDirectory dir;
    private long firstIteration;
    private long totalIterations;
    private long iteration;
    private long startNanos;
    private Path latestGrid;

    /** Writes into {@code dir}. */
    public RunReportWriter(RunDirectory dir) {
        this.dir = dir;
    }

    @Override
    public void onStart(RunInfo run) {
        firstIteration = run.firstIteration();
        iteration = run.firstIteration();
        totalIterations = run.totalIterations();
        startNanos = System.nanoTime();
        writeLive();
    }

    @Override
    public void onIteration(IterationRecord record) {
        iteration = record.iteration();
    }

    @Override
    public void onSamples(SampleGrid samples) {
        Path grid = dir.sample(samples.iteration());
        if (Files.isRegularFile(grid)) {
            latestGrid = grid;
        }
        writeLive();
    }

    @Override
    public void onCheckpoint(long iteration, Path checkpoint) {
        writeLive();
    }

    @Override
    public void onFinish(RunSummary summary) {
        Evolution.write(dir);
        RunPage.write(dir);
    }

    private void writeLive() {
        RunPage.writeLive(dir, new RunPage.LiveProgress(iteration, totalIterations, eta(), latestGrid,
                REFRESH_SECONDS));
    }

    private double eta() {
        long done = iteration - firstIteration;
        if (done <= 0) {
            return -1;
        }
        double perIteration = (System.nanoTime() - startNanos) / 1e9 / done;
        return perIteration * Math.max(0, totalIterations - iteration);
    }
}
