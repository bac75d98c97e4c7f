package dev.cgan.core.checkpoint;

import dev.cgan.core.safetensors.StoredTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete checkpoint on the host: the tensors of {@link StateDict} and the {@link CheckpointInfo}.
 *
 * @param info    iteration, settings, data and random state
 * @param tensors weights, buffers, BatchNorm counters and optimizer state by name, in file order
 */
public record TrainingSnapshot(CheckpointInfo info, Map<String, StoredTensor> tensors) {

    public TrainingSnapshot {
        Objects.requireNonNull(info, "info");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
