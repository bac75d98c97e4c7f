package dev.cgan.core.train;

import java.nio.file.Path;
import java.util.List;

/** Several listeners as one: each event goes to all of them, in order. */
final class TrainingListeners implements TrainingListener {

    private final List<TrainingListener> all;

    TrainingListeners(List<TrainingListener> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void onStart(RunInfo run) {
        for (TrainingListener l : all) {
            l.onStart(run);
        }
    }

    @Override
    public void onIteration(IterationRecord record) {
        for (TrainingListener l : all) {
            l.onIteration(record);
        }
    }

    @Override
    public void onSamples(SampleGrid samples) {
        for (TrainingListener l : all) {
            l.onSamples(samples);
        }
    }

    @Override
    public void beforeCheckpoint(long iteration) {
        for (TrainingListener l : all) {
            l.beforeCheckpoint(iteration);
        }
    }

    @Override
    public void onCheckpoint(long iteration, Path checkpoint) {
        for (TrainingListener l : all) {
            l.onCheckpoint(iteration, checkpoint);
        }
    }

    @Override
    public void onFinish(RunSummary summary) {
        for (TrainingListener l : all) {
            l.onFinish(summary);
        }
    }
}
