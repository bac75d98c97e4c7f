package dev.cgan.core.checkpoint;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.tensor.Shape;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import dev.cgan.core.model.StateNames;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.Json;
import dev.cgan.core.safetensors.JsonSyntaxException;
import dev.cgan.core.safetensors.SafeTensorsFile;
import dev.cgan.core.safetensors.SafeTensorsFormatException;
import dev.cgan.core.safetensors.SafeTensorsWriter;
import dev.cgan.core.safetensors.StoredTensor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained generator on the host: its architecture, class names, the iteration it was saved after, and its weights
 * and BatchNorm buffers under the seed's PyTorch names ({@code generator.0.weight}, {@code generator.1.running_mean},
 * {@code generator.1.num_batches_tracked}, …). Read from a training checkpoint or from a file written by
 * {@link #export(Path)}, which holds only these tensors and a self-describing {@code __metadata__}: {@code format}
 * ({@value #FORMAT}), {@code model}, {@code classes} (JSON list), {@code z_dim}, {@code channels}, {@code image_size},
 * {@code iteration}, and {@code weights} ({@value #AVERAGED}) when the weights are a moving average.
 *
 * <p>A training checkpoint of a run that kept a moving average of its generator (the {@value StateDict#EMA_PREFIX}
 * tensors, see {@code dev.cgan.core.train.GeneratorAverage}) gives that average, not the trained weights: it is what
 * such a run is for, and what its sample grids showed.
 *
 * @param model      the architecture, with the number of classes and channels of the trained run
 * @param classNames the class names, index = label
 * @param iteration  training iterations behind these weights
 * @param tensors    the generator's state_dict, in PyTorch's order
 * @param source     the file it was read from (for messages)
 * @param averaged   whether the tensors are the moving average of the trained generator's
 */
public record GeneratorCheckpoint(ModelSpec model, List<String> classNames, long iteration,
                                  Map<String, StoredTensor> tensors, Path source, boolean averaged) {

    /** The {@code format} metadata of an exported generator. */
    public static final String FORMAT = "cgan-generator";

    /** The {@code weights} metadata of an exported moving average. */
    public static final String AVERAGED = "ema";

    public GeneratorCheckpoint {
        classNames = List.copyOf(classNames);
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The trained weights themselves (no moving average). */
    public GeneratorCheckpoint(ModelSpec model, List<String> classNames, long iteration,
                               Map<String, StoredTensor> tensors, Path source) {
        this(model, classNames, iteration, tensors, source, false);
    }

    /**
     * Reads the generator from {@code path}: a training checkpoint, a run directory or checkpoint folder (its newest
     * checkpoint), or an exported generator file.
     *
     * @throws CheckpointException if there is none, or it is corrupt or of an unknown model
     */
    public static GeneratorCheckpoint read(Path path) {
        return readFor(path, null);
    }

    /**
     * Reads the generator of a model of the caller's own (see the trainer's library constructor) from {@code path},
     * which may be any of what {@link #read(Path)} takes. The file must have been written for a model of that name
     * and number of classes.
     *
     * @throws CheckpointException if there is none, it is corrupt, or it belongs to another model
     */
    public static GeneratorCheckpoint read(Path path, ModelSpec model) {
        java.util.Objects.requireNonNull(model, "model");
        return readFor(path, model);
    }

    private static GeneratorCheckpoint readFor(Path path, ModelSpec given) {
        Path file = CheckpointFile.locate(path);
        SafeTensorsFile contents;
        try {
            contents = SafeTensorsFile.read(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        } catch (SafeTensorsFormatException e) {
            throw new CheckpointException("checkpoint " + file + " is corrupt or truncated (" + e.getMessage()
                    + "); use an earlier checkpoint", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + CheckpointFile.reason(e), e);
        }
        Map<String, String> m = contents.metadata();
        String source = "checkpoint " + file;
        String modelName;
        List<String> classes;
        long iteration;
        boolean exported = FORMAT.equals(m.get("format"));
        if (exported) {
            modelName = required(m, "model", source);
            classes = names(required(m, "classes", source), source);
            iteration = number(required(m, "iteration", source), "iteration", source);
        } else {
            CheckpointInfo info = CheckpointInfo.fromMetadata(m, source);
            modelName = info.config().model();
            classes = info.classNames();
            iteration = info.iteration();
        }
        ModelSpec model;
        if (given != null) {
            if (!given.name().equals(modelName) || given.numClasses() != classes.size()) {
                throw new CheckpointException(source + " holds a " + modelName + " generator for " + classes.size()
                        + " classes, not " + given.name() + " for " + given.numClasses());
            }
            model = given;
        } else {
            int channels = imageChannels(modelName, classes.size(), contents.tensors(), source);
            try {
                model = ModelCatalog.byName(modelName, classes.size(), channels);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(source + ": " + e.getMessage(), e);
            }
        }
        Map<String, StateDict.Layout> layout = layout(model.generator());
        String first = layout.keySet().iterator().next();
        boolean averaged = exported ? AVERAGED.equals(m.get("weights"))
                : contents.tensors().containsKey(StateDict.EMA_PREFIX + first);
        String prefix = averaged && !exported ? StateDict.EMA_PREFIX : "";
        Map<String, StoredTensor> g = new LinkedHashMap<>();
        for (var e : layout.entrySet()) {
            StoredTensor t = contents.tensors().get(prefix + e.getKey());
            if (t == null) {
                throw new CheckpointException(source + " lacks " + prefix + e.getKey() + "; the file is not a "
                        + "complete " + modelName + " generator");
            }
            if (t.dtype() != e.getValue().dtype() || !t.shape().equals(e.getValue().shape())) {
                throw new CheckpointException(source + ": " + e.getKey() + " is " + t + " but " + modelName
                        + " with " + classes.size() + " classes needs " + e.getValue().dtype()
                        + e.getValue().shape() + "; the file is corrupt");
            }
            g.put(e.getKey(), t);
        }
        return new GeneratorCheckpoint(model, classes, iteration, g, file, averaged);
    }

    /** The generator's state_dict names with their types and shapes, in PyTorch's order. */
    public static Map<String, StateDict.Layout> layout(NetworkSpec generator) {
        Map<String, StateDict.Layout> out = new LinkedHashMap<>();
        for (int i = 0; i < generator.layers().size(); i++) {
            var layer = generator.layers().get(i);
            for (var p : layer.parameterShapes().entrySet()) {
                out.put(StateNames.of(generator, i, p.getKey()), new StateDict.Layout(DType.F32, p.getValue()));
            }
            for (var b : layer.bufferShapes().entrySet()) {
                out.put(StateNames.of(generator, i, b.getKey()), new StateDict.Layout(DType.F32, b.getValue()));
            }
            if (layer instanceof BatchNorm2d) {
                out.put(StateNames.of(generator, i, StateDict.NUM_BATCHES_TRACKED),
                        new StateDict.Layout(DType.I64, Shape.scalar()));
            }
        }
        return out;
    }

    /** The metadata {@link #export(Path)} writes. */
    public Map<String, String> exportMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("model", model.name());
        m.put("classes", Json.write(classNames));
        m.put("z_dim", Integer.toString(model.zDim()));
        m.put("channels", Integer.toString(model.channels()));
        m.put("image_size", Integer.toString(model.imageSize()));
        m.put("iteration", Long.toString(iteration));
        if (averaged) {
            m.put("weights", AVERAGED);
        }
        return m;
    }

    /**
     * Writes the generator alone, atomically, as a safetensors file that the seed's PyTorch {@code Generator} loads
     * with {@code load_state_dict(strict=True)}.
     *
     * @throws CheckpointException if the file cannot be written
     */
    public void export(Path file) {
        SafeTensorsWriter writer = new SafeTensorsWriter().metadata(exportMetadata());
        tensors.forEach(writer::put);
        try {
            AtomicWrite.write(file, writer::writeTo);
        } catch (IOException e) {
            throw new CheckpointException("cannot write " + file + ": " + CheckpointFile.reason(e), e);
        }
    }

    /**
     * The image channels, from the generator's last weight: a transposed convolution {@code [in, channels, k, k]} in
     * a sequential generator, a convolution {@code [channels, in, k, k]} in a block (SNGAN) one, a Linear {@code [channels * size * size, in]} in a two-branch (MLP) one. The layer is
     * found by walking the model's spec, since a safetensors file does not keep the layers' order.
     */
    private static int imageChannels(String modelName, int classes, Map<String, StoredTensor> tensors,
                                     String source) {
        ModelSpec probe;
        try {
            probe = ModelCatalog.byName(modelName, classes, 1);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": " + e.getMessage(), e);
        }
        NetworkSpec g = probe.generator();
        for (int i = g.layers().size() - 1; i >= 0; i--) {
            if (!g.layers().get(i).parameterShapes().containsKey("weight")) {
                continue;
            }
            String name = StateNames.of(g, i, "weight");
            StoredTensor t = tensors.get(name);
            if (t == null) {
                throw new CheckpointException(source + " holds no " + name + "; the file is not a complete "
                        + modelName + " generator");
            }
            Shape s = t.shape();
            int pixels = probe.imageSize() * probe.imageSize();
            // A convolution's weight is [out, in, k, k], a transposed one's [in, out, k, k].
            if (s.rank() == 4 && g.layers().get(i) instanceof dev.cgan.api.layer.Conv2d && s.dim(0) > 0) {
                return s.dim(0);
            }
            if (s.rank() == 4 && s.dim(1) > 0) {
                return s.dim(1);
            }
            if (s.rank() == 2 && s.dim(0) > 0 && s.dim(0) % pixels == 0) {
                return s.dim(0) / pixels;
            }
            throw new CheckpointException(source + ": " + name + " is " + t + ", not the last layer of a "
                    + modelName + " generator; the file is corrupt");
        }
        throw new CheckpointException(source + " holds no generator weights");
    }

    private static String required(Map<String, String> m, String key, String source) {
        String v = m.get(key);
        if (v == null) {
            throw new CheckpointException(source + " lacks the metadata entry " + key + "; the file is corrupt");
        }
        return v;
    }

    private static long number(String v, String key, String source) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException(source + " has a malformed metadata entry " + key + "; the file is corrupt");
        }
    }

    private static List<String> names(String json, String source) {
        try {
            if (Json.parse(json) instanceof List<?> list && !list.isEmpty()) {
                List<String> out = new ArrayList<>();
                for (Object o : list) {
                    if (!(o instanceof String s)) {
                        break;
                    }
                    out.add(s);
                }
                if (out.size() == list.size()) {
                    return out;
                }
            }
        } catch (JsonSyntaxException e) {
            // reported below
        }
        throw new CheckpointException(source + " has a malformed metadata entry classes; the file is corrupt");
    }
}
