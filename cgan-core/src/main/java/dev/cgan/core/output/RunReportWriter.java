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
 * ({@link Evolution}) and writes the final page ({@link RunPage#write}), which no longer refreshes. Closed after a run
 * that wrote a live page and then failed before its end (an exception, not an interruption or divergence, which end
 * the run normally), it leaves a page that says so and no longer refreshes ({@link RunPage#writeFailed}).
 */
public final class RunReportWriter implements TrainingListener, AutoCloseable {

    /** Seconds between reloads of a live page in the browser. */
    static final int REFRESH_SECONDS = 5;

    private final RunDirectory dir;
    private long firstIteration;
    private long totalIterations;
    private long iteration;
    private long startNanos;
    private Path latestGrid;
    private boolean live;
    private boolean finished;

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
        finished = true;
        Evolution.write(dir);
        RunPage.write(dir);
    }

    /** After a failed run: replaces a still-live page with one that says the run failed and does not refresh. */
    @Override
    public void close() {
        if (live && !finished) {
            RunPage.writeFailed(dir);
        }
    }

    private void writeLive() {
        live = true;
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
