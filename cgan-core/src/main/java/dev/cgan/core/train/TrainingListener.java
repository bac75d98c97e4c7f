package dev.cgan.core.train;

import java.nio.file.Path;

/**
 * Observes a training run: progress display, metrics files, sample images, plots. All methods are called on the
 * training thread, in order; a listener that throws stops the run.
 */
public interface TrainingListener {

    /** The run is about to start its first iteration. */
    default void onStart(RunInfo run) {
    }

    /** An iteration finished. */
    default void onIteration(IterationRecord record) {
    }

    /** Fixed-noise samples were generated (before training, every {@code sampleEvery} iterations, and at the end). */
    default void onSamples(SampleGrid samples) {
    }

    /**
     * A checkpoint of {@code iteration} is about to be written. Whatever must be on disk before that checkpoint exists
     * (the metrics of the iterations it covers) is written now: a crash after the checkpoint then loses nothing that
     * a resume from it would not redo.
     */
    default void beforeCheckpoint(long iteration) {
    }

    /** A checkpoint was written (complete and renamed into place). */
    default void onCheckpoint(long iteration, Path checkpoint) {
    }

    /** The run ended (completed, interrupted or diverged). */
    default void onFinish(RunSummary summary) {
    }
}
