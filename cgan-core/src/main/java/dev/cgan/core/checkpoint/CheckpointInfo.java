package dev.cgan.core.checkpoint;

import dev.cgan.core.data.SamplerState;
import dev.cgan.core.safetensors.Json;
import dev.cgan.core.safetensors.JsonSyntaxException;
import dev.cgan.core.train.DiffAugmentSetting;
import dev.cgan.core.train.EmaSetting;
import dev.cgan.core.train.GanLoss;
import dev.cgan.core.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a checkpoint records besides tensors, stored as strings in the safetensors {@code __metadata__}: where
 * the run is, the settings it runs with, the data it was trained on, and the random state needed to continue it
 * exactly.
 *
 * @param iteration         iterations completed
 * @param config            the run's settings
 * @param classNames        the class names, index = label
 * @param datasetSize       the number of training images (resuming needs the same data)
 * @param datasetDescription the one-line description of the data
 * @param noiseRandomState  the state of the stream that draws the generator's noise
 * @param sampler           the batch sampler's position
 * @param layerRandomStates the positions of the layers' own random streams (Dropout masks) by layer name
 *                          ({@code generator.joint.4}), stored as {@code random.layer.<name>}; empty for models without
 *                          such layers and for checkpoints written before they were recorded
 * @param augmentRandomState the state of the stream that draws DiffAugment's parameters, stored as
 *                          {@code random.augment} in runs with DiffAugment (0 and not stored without it)
 */
public record CheckpointInfo(long iteration, TrainingConfig config, List<String> classNames, int datasetSize,
                             String datasetDescription, long noiseRandomState, SamplerState sampler,
                             Map<String, Long> layerRandomStates, long augmentRandomState) {

    /** The value of the {@code format} entry that marks a cgan checkpoint. */
    public static final String FORMAT = "cgan-checkpoint";

    /** The version of the layout below; bumped when it changes incompatibly. */
    public static final String FORMAT_VERSION = "1";

    /** The generator average's decay (0: none) and start iteration; absent in checkpoints written before EMA existed. */
    private static final String EMA_DECAY = "config.ema_decay";
    private static final String EMA_START = "config.ema_start";
    private static final String LOSS = "config.loss";

    /**
     * DiffAugment's policies ({@code "color,translation,cutout"}, {@code "off"}) and its stream's state; absent in
     * checkpoints written before DiffAugment existed, which had none.
     */
    private static final String DIFFAUGMENT = "config.diffaugment";
    private static final String AUGMENT_RANDOM = "random.augment";

    /** The prefix of the metadata entries of {@link #layerRandomStates()}. */
    private static final String LAYER_RANDOM = "random.layer.";

    /** A checkpoint of a model whose layers have no random streams of their own. */
    public CheckpointInfo(long iteration, TrainingConfig config, List<String> classNames, int datasetSize,
                          String datasetDescription, long noiseRandomState, SamplerState sampler) {
        this(iteration, config, classNames, datasetSize, datasetDescription, noiseRandomState, sampler, Map.of());
    }

    /** A checkpoint of a run without DiffAugment. */
    public CheckpointInfo(long iteration, TrainingConfig config, List<String> classNames, int datasetSize,
                          String datasetDescription, long noiseRandomState, SamplerState sampler,
                          Map<String, Long> layerRandomStates) {
        this(iteration, config, classNames, datasetSize, datasetDescription, noiseRandomState, sampler,
                layerRandomStates, 0);
    }

    public CheckpointInfo {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(datasetDescription, "datasetDescription");
        classNames = List.copyOf(classNames);
        layerRandomStates = Collections.unmodifiableMap(new LinkedHashMap<>(layerRandomStates));
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
    }

    /** The entries for {@code __metadata__}. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("iteration", Long.toString(iteration));
        m.put("classes", Json.write(classNames));
        m.put("dataset.size", Integer.toString(datasetSize));
        m.put("dataset.description", datasetDescription);
        m.put("random.noise", Long.toString(noiseRandomState));
        m.put("sampler.epoch", Integer.toString(sampler.epoch()));
        m.put("sampler.position", Integer.toString(sampler.position()));
        m.put("sampler.random", Long.toString(sampler.epochRandomState()));
        layerRandomStates.forEach((layer, state) -> m.put(LAYER_RANDOM + layer, Long.toString(state)));
        m.put("config.model", config.model());
        m.put("config.data", config.data() == null ? "" : config.data().toString());
        m.put("config.steps", Long.toString(config.steps()));
        m.put("config.epochs", Integer.toString(config.epochs()));
        m.put("config.batch_size", Integer.toString(config.batchSize()));
        m.put("config.lr", Double.toString(config.lr()));
        m.put("config.beta1", Double.toString(config.beta1()));
        m.put("config.beta2", Double.toString(config.beta2()));
        m.put("config.seed", Long.toString(config.seed()));
        m.put("config.sample_every", Integer.toString(config.sampleEvery()));
        m.put("config.checkpoint_every", Integer.toString(config.checkpointEvery()));
        m.put("config.samples_per_class", Integer.toString(config.samplesPerClass()));
        m.put("config.out", config.out() == null ? "" : config.out().toString());
        m.put(EMA_DECAY, Double.toString(config.ema().decay()));
        m.put(EMA_START, Long.toString(config.ema().start()));
        m.put(DIFFAUGMENT, config.diffAugment().describe());
        if (config.diffAugment().isOn()) {
            m.put(AUGMENT_RANDOM, Long.toString(augmentRandomState));
        }
        if (config.loss() != null) {
            m.put(LOSS, config.loss().label());
        }
        return m;
    }

    private static GanLoss lossOf(String label, String source) {
        try {
            return GanLoss.parse(label);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + " has a malformed metadata entry " + LOSS + "; the file is corrupt");
        }
    }

    /**
     * Reads the entries written by {@link #toMetadata()}.
     *
     * @param source names the file in messages
     * @throws CheckpointException if the file is not a cgan checkpoint or an entry is missing or malformed
     */
    public static CheckpointInfo fromMetadata(Map<String, String> m, String source) {
        if (!FORMAT.equals(m.get("format"))) {
            throw new CheckpointException(source + " is a safetensors file but not a cgan checkpoint (its metadata "
                    + "has no format=" + FORMAT + "); pass a checkpoint from a run's checkpoint/ folder");
        }
        Reader r = new Reader(m, source);
        if (!FORMAT_VERSION.equals(r.text("format_version"))) {
            throw new CheckpointException(source + " is a cgan checkpoint of format version "
                    + r.text("format_version") + "; this version of cgan reads version " + FORMAT_VERSION);
        }
        try {
            TrainingConfig config = new TrainingConfig(r.text("config.model"), r.path("config.data"),
                    r.integer("config.steps"), (int) r.integer("config.epochs"), (int) r.integer("config.batch_size"),
                    r.real("config.lr"), r.real("config.beta1"), r.real("config.beta2"), r.integer("config.seed"),
                    (int) r.integer("config.sample_every"), (int) r.integer("config.checkpoint_every"),
                    (int) r.integer("config.samples_per_class"), r.path("config.out"),
                    m.containsKey(EMA_DECAY) ? new EmaSetting(r.real(EMA_DECAY), r.integer(EMA_START))
                            : EmaSetting.OFF,
                    m.containsKey(DIFFAUGMENT) ? DiffAugmentSetting.parse(r.text(DIFFAUGMENT))
                            : DiffAugmentSetting.OFF,
                    // Absent in checkpoints written before the entry existed (BCE was their only loss, which is what
                    // resuming takes a missing loss for) and for settings that leave it to the model.
                    m.containsKey(LOSS) ? lossOf(r.text(LOSS), source) : null);
            SamplerState sampler = new SamplerState((int) r.integer("sampler.epoch"),
                    (int) r.integer("sampler.position"), r.integer("sampler.random"));
            // Absent in checkpoints of models without dropout and in those written before the entries existed.
            Map<String, Long> layerRandom = new LinkedHashMap<>();
            for (String key : m.keySet()) {
                if (key.startsWith(LAYER_RANDOM) && key.length() > LAYER_RANDOM.length()) {
                    layerRandom.put(key.substring(LAYER_RANDOM.length()), r.integer(key));
                }
            }
            return new CheckpointInfo(r.integer("iteration"), config, r.names("classes"),
                    (int) r.integer("dataset.size"), r.text("dataset.description"), r.integer("random.noise"),
                    sampler, layerRandom, config.diffAugment().isOn() ? r.integer(AUGMENT_RANDOM) : 0);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + " has inconsistent metadata (" + e.getMessage()
                    + "); the file is corrupt", e);
        }
    }

    /** Typed access to metadata strings, failing with the key and file named. */
    private record Reader(Map<String, String> m, String source) {

        String text(String key) {
            String v = m.get(key);
            if (v == null) {
                throw new CheckpointException(source + " lacks the metadata entry " + key + "; the file is corrupt "
                        + "or from an incompatible version of cgan");
            }
            return v;
        }

        long integer(String key) {
            String v = text(key);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw malformed(key, v);
            }
        }

        double real(String key) {
            String v = text(key);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw malformed(key, v);
            }
        }

        Path path(String key) {
            String v = text(key);
            return v.isEmpty() ? null : Path.of(v);
        }

        List<String> names(String key) {
            String v = text(key);
            try {
                if (Json.parse(v) instanceof List<?> list && !list.isEmpty()) {
                    List<String> out = new ArrayList<>();
                    for (Object o : list) {
                        if (!(o instanceof String s)) {
                            throw malformed(key, v);
                        }
                        out.add(s);
                    }
                    return out;
                }
            } catch (JsonSyntaxException e) {
                throw malformed(key, v);
            }
            throw malformed(key, v);
        }

        private CheckpointException malformed(String key, String value) {
            String shown = value.length() <= 40 ? value : value.substring(0, 37) + "...";
            return new CheckpointException(source + " has a malformed metadata entry " + key + "='" + shown
                    + "'; the file is corrupt");
        }
    }
}
