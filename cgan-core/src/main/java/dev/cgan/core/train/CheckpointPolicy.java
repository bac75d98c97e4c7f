package dev.cgan.core.train;

import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.StoredTensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which checkpoints a run keeps: they go to {@code <out>/checkpoint/} (see {@link CheckpointStore}), none with
 * {@code out} null, and only while the whole training state is finite — the last one written (or resumed from) is
 * therefore always a good one to continue from.
 */
final class CheckpointPolicy {

    private final CheckpointStore store;
    private final double learningRate;
    private final TrainingListener listeners;
    private Path last;

    CheckpointPolicy(TrainingConfig config, TrainingListener listeners) {
        this.store = config.out() == null ? null
                : new CheckpointStore(config.out().resolve(CheckpointStore.DIRECTORY_NAME));
        this.learningRate = config.lr();
        this.listeners = listeners;
    }

    /** The newest checkpoint written or resumed from, or null. */
    Path last() {
        return last;
    }

    /** The run continues from {@code checkpoint}, which is therefore its last good one. */
    void resumedFrom(Path checkpoint) {
        last = checkpoint;
    }

    /** The stop reason for a loss that stopped being finite in {@code iteration}. */
    SettingsMessage lossesDiverged(long iteration, StepLosses losses) {
        return Divergence.ofLosses(iteration, losses, last, learningRate);
    }

    /**
     * Writes a checkpoint of {@code state}, unless some weight, running statistic or optimizer state has stopped
     * being finite: then nothing is written (the previous checkpoint stays the last good one) and the divergence
     * reason is returned. Losses can stay finite while the state is already ruined (a saturated discriminator's BCE
     * is clamped at 100 while its BatchNorm variance overflows), so the state itself is checked before it may replace
     * a good one. Listeners hear {@code beforeCheckpoint} and {@code onCheckpoint} around the write.
     *
     * @return null, or the divergence reason
     * @throws dev.cgan.core.checkpoint.CheckpointException if the checkpoint cannot be written
     */
    SettingsMessage save(TrainingState state) {
        if (store == null) {
            return null;
        }
        long iteration = state.iteration();
        TrainingSnapshot snapshot = state.snapshot();
        for (Map.Entry<String, StoredTensor> e : snapshot.tensors().entrySet()) {
            if (e.getValue().dtype() == DType.F32 && !allFinite(e.getValue().floats())) {
                return Divergence.ofState(e.getKey(), iteration, last, learningRate);
            }
        }
        listeners.beforeCheckpoint(iteration);
        Path file = store.save(snapshot);
        last = file;
        listeners.onCheckpoint(iteration, file);
        return null;
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
