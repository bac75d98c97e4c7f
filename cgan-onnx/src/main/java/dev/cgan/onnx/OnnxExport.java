package dev.cgan.onnx;

import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import dev.cgan.onnx.proto.OnnxProtos.GraphProto;
import dev.cgan.onnx.proto.OnnxProtos.ModelProto;
import dev.cgan.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.cgan.onnx.proto.OnnxProtos.StringStringEntryProto;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained generator as an ONNX model: the generator of its {@link ModelSpec}, walked layer by layer, in evaluation
 * mode (BatchNorm with the running statistics, Dropout as the identity), so that ONNX Runtime computes what
 * {@code cgan-cli generate} computes. Inputs, output, versions and metadata are described in {@link OnnxFormat}; the
 * metadata also holds what a safetensors export holds ({@link GeneratorCheckpoint#exportMetadata()}).
 */
public final class OnnxExport {

    private OnnxExport() {
    }

    /** The ONNX model of {@code generator}, serialised. */
    public static byte[] toBytes(GeneratorCheckpoint generator) {
        return model(generator).toByteArray();
    }

    /**
     * Writes the ONNX model of {@code generator} to {@code file}, atomically: a reader sees the old file or the whole
     * new one.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(GeneratorCheckpoint generator, Path file) throws IOException {
        byte[] bytes = toBytes(generator);
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            // A FileOutputStream and a sync, as cgan's checkpoints are written: the data reach the disk before the
            // rename does, and no direct buffer as large as the model is needed (the launcher caps direct memory).
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static ModelProto model(GeneratorCheckpoint generator) {
        ModelSpec m = generator.model();
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(OnnxFormat.IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxFormat.OPSET))
                .setProducerName(OnnxFormat.PRODUCER)
                .setDocString(String.format(Locale.ROOT, "cgan %s generator after %d iterations: %s [N, %d] and "
                                + "one-hot %s [N, %d] to %s [N, %d, %d, %d] in %s", m.name(), generator.iteration(),
                        OnnxFormat.NOISE, m.zDim(), OnnxFormat.LABEL, m.numClasses(), OnnxFormat.IMAGE,
                        m.channels(), m.imageSize(), m.imageSize(), pixelRange(m)))
                .setGraph(graph(generator));
        metadata(generator).forEach((k, v) ->
                model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    /** The model's {@code metadata_props}. */
    static Map<String, String> metadata(GeneratorCheckpoint generator) {
        ModelSpec m = generator.model();
        Map<String, String> meta = new LinkedHashMap<>(generator.exportMetadata());
        meta.put("num_classes", Integer.toString(m.numClasses()));
        meta.put(OnnxFormat.NOISE_DISTRIBUTION, m.noise().name().toLowerCase(Locale.ROOT));
        meta.put(OnnxFormat.PIXEL_RANGE, pixelRange(m));
        return meta;
    }

    private static String pixelRange(ModelSpec m) {
        return m.pixels() == ModelSpec.PixelRange.UNIT ? "[0, 1]" : "[-1, 1]";
    }

    /**
     * The generator as {@code dev.cgan.core.model.Generator} runs it: a sequential network gets noise and label
     * concatenated on channels as {@code [N, z + classes, 1, 1]}; a two-branch network gets them separately and its
     * flat output is reshaped to the image.
     */
    private static GraphProto graph(GeneratorCheckpoint generator) {
        ModelSpec m = generator.model();
        NetworkSpec net = m.generator();
        if (net.isBlocks()) {
            throw new UnsupportedOperationException("ONNX export of " + m.name() + "'s residual generator is not "
                    + "implemented; export it as safetensors (cgan-cli export without --format onnx)");
        }
        GraphBuilder g = new GraphBuilder(m.name() + "_generator");
        g.input(OnnxFormat.NOISE, m.zDim());
        g.input(OnnxFormat.LABEL, m.numClasses());
        LayerNodes layers = new LayerNodes(g, net, generator.tensors());
        String x;
        if (net.isBranched()) {
            NetworkSpec.Branches b = net.branches();
            String data = run(layers, OnnxFormat.NOISE, 0, b.dataLayers());
            String label = run(layers, OnnxFormat.LABEL, b.dataLayers(), b.dataLayers() + b.labelLayers());
            String joint = g.node("Concat", List.of(data, label), GraphBuilder.integer("axis", 1));
            String flat = run(layers, joint, b.dataLayers() + b.labelLayers(), net.layers().size());
            x = g.node("Reshape", List.of(flat, g.longs("image_shape", -1, m.channels(), m.imageSize(),
                    m.imageSize())));
        } else {
            String joint = g.node("Concat", List.of(OnnxFormat.NOISE, OnnxFormat.LABEL),
                    GraphBuilder.integer("axis", 1));
            String input = g.node("Reshape", List.of(joint, g.longs("input_shape", -1, m.zDim() + m.numClasses(),
                    1, 1)));
            x = run(layers, input, 0, net.layers().size());
        }
        return g.finish(x, OnnxFormat.IMAGE, OnnxFormat.BATCH, m.channels(), m.imageSize(), m.imageSize());
    }

    private static String run(LayerNodes layers, String x, int from, int to) {
        String v = x;
        for (int i = from; i < to; i++) {
            v = layers.append(i, v);
        }
        return v;
    }
}
