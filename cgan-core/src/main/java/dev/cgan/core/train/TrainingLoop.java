package dev.cgan.core.train;

import dev.cgan.core.data.Batch;
import dev.cgan.core.parallel.Collective;

/**
 * The iterations of a run: trains batch after batch, tells the listeners of each, publishes sample grids and writes
 * checkpoints at their intervals and at the end, and stops when the run is complete, when asked to
 * ({@link #requestStop()}), when its time limit has passed ({@link #limitTime}), or when it diverges.
 */
final class TrainingLoop {

    private static final SettingsMessage COMPLETED = SettingsMessage.of("completed");
    private static final SettingsMessage INTERRUPTED = SettingsMessage.of("interrupted");
    /** The stop reason of a run that reached its time limit; it ends like an interrupted one. */
    static final String TIME_LIMIT = "time limit reached";
    private static final SettingsMessage NOT_FINITE_ON_LEADER =
            SettingsMessage.of("diverged: rank 0 found the training state no longer finite");

    private final TrainingState state;
    private final FixedNoiseSampler samples;
    private final CheckpointPolicy checkpoints;
    private final TrainingListener listeners;
    private final Collective collective;
    private volatile boolean stopRequested;
    private long timeLimitNanos;

    /**
     * @param collective the ranks of a data-parallel run; every rank runs the same loop, rank 0 alone publishes
     *                   samples (the other ranks get no listeners and write no checkpoints)
     */
    TrainingLoop(TrainingState state, FixedNoiseSampler samples, CheckpointPolicy checkpoints,
                 TrainingListener listeners, Collective collective) {
        this.collective = collective;
        this.state = state;
        this.samples = samples;
        this.checkpoints = checkpoints;
        this.listeners = listeners;
    }

    /** Stop after the current iteration; safe from any thread. */
    void requestStop() {
        stopRequested = true;
    }

    /**
     * Stops the run once {@code nanos} have passed since {@link #run} began, after the iteration during which they
     * did; 0 for no limit.
     */
    void limitTime(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a time limit cannot be negative, got " + nanos + " ns");
        }
        timeLimitNanos = nanos;
    }

    /**
     * Trains from the state's iteration to the run's end.
     *
     * @param resumed whether the state came from a checkpoint, whose run already published the grid of its iteration
     */
    RunSummary run(boolean resumed) {
        TrainingConfig config = state.config();
        long total = state.totalIterations();
        long startNanos = System.nanoTime();
        long firstIteration = state.iteration() + 1;
        listeners.onStart(state.runInfo(firstIteration));
        if (!resumed) {
            publishSamples();
        }
        long sampledAt = state.iteration();
        long checkpointedAt = state.iteration();
        ThroughputWindow window = new ThroughputWindow();
        double trainingSeconds = 0;
        StepLosses last = null;
        SettingsMessage stop = COMPLETED;
        boolean diverged = false;

        while (state.iteration() < total) {
            boolean timeUp = timeLimitNanos > 0 && System.nanoTime() - startNanos >= timeLimitNanos;
            if (anyRank(stopRequested || timeUp)) {
                // Ranks agree to stop; each names its own reason, and rank 0's is the run's.
                stop = stopRequested || !timeUp ? INTERRUPTED : SettingsMessage.of(TIME_LIMIT);
                break;
            }
            // The clock includes assembling the batch on the host: it is part of what an iteration costs.
            long t0 = System.nanoTime();
            Batch batch = state.nextBatch();
            float[] noise = state.nextNoise(batch.size());
            StepLosses losses = state.train(batch, noise);
            double seconds = (System.nanoTime() - t0) / 1e9;

            if (!losses.isFinite()) {
                stop = checkpoints.lossesDiverged(state.iteration() + 1, losses);
                diverged = true;
                break;
            }
            state.advance();
            long iteration = state.iteration();
            last = losses;
            trainingSeconds += seconds;
            double imagesPerSecond = window.add(seconds, batch.size());
            listeners.onIteration(new IterationRecord(iteration, batch.epoch(), losses, seconds, imagesPerSecond));
            if (due(config.sampleEvery(), iteration, total)) {
                publishSamples();
                sampledAt = iteration;
            }
            if (due(config.checkpointEvery(), iteration, total)) {
                SettingsMessage notFinite = agreed(checkpoints.save(state));
                if (notFinite != null) {
                    stop = notFinite;
                    diverged = true;
                    break;
                }
                checkpointedAt = iteration;
            }
        }

        // An interrupted or completed run ends with the grid and checkpoint of its last iteration; a diverged one
        // writes nothing more, so that its last good checkpoint stays the newest.
        long iteration = state.iteration();
        if (!diverged && iteration >= firstIteration) {
            if (sampledAt != iteration) {
                publishSamples();
            }
            if (checkpointedAt != iteration) {
                SettingsMessage notFinite = agreed(checkpoints.save(state));
                if (notFinite != null) {
                    stop = notFinite;
                }
            }
        }
        long done = iteration - firstIteration + 1;
        double throughput = trainingSeconds > 0 ? done * (double) config.batchSize() / trainingSeconds : 0;
        RunSummary summary = new RunSummary(iteration, (System.nanoTime() - startNanos) / 1e9, throughput, last,
                stop);
        listeners.onFinish(summary);
        return summary;
    }

    /** Whether an every-{@code interval} event falls after {@code iteration}; the end has its own. */
    private static boolean due(int interval, long iteration, long total) {
        return interval > 0 && iteration % interval == 0 && iteration < total;
    }

    private void publishSamples() {
        if (collective.isLeader()) {
            listeners.onSamples(samples.sample(state.iteration()));
        }
    }

    /**
     * Whether {@code mine} holds on any rank, so that all ranks stop together (a rank that left the loop alone would
     * leave the others waiting for it); one tiny all-reduce in a data-parallel run, nothing otherwise.
     */
    private boolean anyRank(boolean mine) {
        if (collective.worldSize() == 1) {
            return mine;
        }
        float[] flag = {mine ? 1f : 0f};
        collective.allReduceMean(flag);
        return flag[0] > 0f;
    }

    /** The leader's checkpoint verdict, which every rank then follows (only rank 0 writes and checks). */
    private SettingsMessage agreed(SettingsMessage mine) {
        if (!anyRank(mine != null) || mine != null) {
            return mine;
        }
        return NOT_FINITE_ON_LEADER;
    }
}
