package dev.cgan.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.Json;
import dev.cgan.onnx.fixtures.RandomGenerators;
import dev.cgan.onnx.proto.OnnxProtos.ModelProto;
import dev.cgan.onnx.proto.OnnxProtos.NodeProto;
import dev.cgan.onnx.proto.OnnxProtos.TensorProto;
import dev.cgan.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.cgan.onnx.proto.OnnxProtos.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported file read back through the same schema: versions, input and output names and shapes, metadata, and
 * every weight of the checkpoint as an initializer with the same bytes. (That ONNX Runtime computes the engines'
 * images from it is cgan-cli's OnnxRuntimeTest.)
 */
class OnnxExportTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dcgan32", "dcgan64", "mlp"})
    void catalogModelsReadBackAsDeclared(String name) throws Exception {
        GeneratorCheckpoint g = RandomGenerators.catalog(name);
        Path file = dir.resolve(name + ".onnx");
        OnnxExport.write(g, file);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));

        assertEquals(7, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(13, model.getOpsetImport(0).getVersion());
        var graph = model.getGraph();
        assertEquals(List.of("z", "label"), graph.getInputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(List.of("N", "100"), dims(graph.getInput(0)));
        assertEquals(List.of("N", "3"), dims(graph.getInput(1)));
        int size = name.equals("mlp") ? 28 : name.equals("dcgan64") ? 64 : 32;
        String channels = name.equals("dcgan64") ? "3" : "1";
        assertEquals(1, graph.getOutputCount());
        assertEquals("image", graph.getOutput(0).getName());
        assertEquals(List.of("N", channels, Integer.toString(size), Integer.toString(size)), dims(graph.getOutput(0)));

        Map<String, String> meta = new HashMap<>();
        model.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertEquals(List.of("disks", "squares", "stripes"), Json.parse(meta.get("classes")));
        assertEquals(name, meta.get("model"));
        assertEquals(name.equals("mlp") ? "uniform" : "gaussian", meta.get("noise"));
        assertEquals(name.equals("mlp") ? "[0, 1]" : "[-1, 1]", meta.get("pixel_range"));

        Map<String, TensorProto> init = new HashMap<>();
        graph.getInitializerList().forEach(t -> init.put(t.getName(), t));
        int floats = 0;
        for (var e : g.tensors().entrySet()) {
            if (e.getValue().dtype() != DType.F32) {
                continue; // num_batches_tracked: training bookkeeping, not used in evaluation
            }
            floats++;
            TensorProto t = init.get(e.getKey());
            assertNotNull(t, e.getKey());
            assertEquals(TensorProto.DataType.FLOAT_VALUE, t.getDataType());
            assertArrayEquals(e.getValue().bytes(), t.getRawData().toByteArray(), e.getKey());
            assertArrayEquals(java.util.Arrays.stream(e.getValue().shape().dims()).asLongStream().toArray(),
                    t.getDimsList().stream().mapToLong(Long::longValue).toArray(), e.getKey());
        }
        assertEquals(floats + 1, init.size(), "weights and one reshape target");
        // Evaluation mode: no Dropout nodes, and BatchNorm with PyTorch's epsilon.
        for (NodeProto n : graph.getNodeList()) {
            assertTrue(!n.getOpType().equals("Dropout"), n.getName());
            if (n.getOpType().equals("BatchNormalization")) {
                assertEquals(1e-5f, n.getAttribute(0).getF());
            }
        }
    }

    @Test
    void writingReplacesAnOlderFileWhole() throws Exception {
        Path file = dir.resolve("g.onnx");
        Files.writeString(file, "an older, longer file ".repeat(10_000));
        OnnxExport.write(RandomGenerators.catalog("mlp"), file);
        assertEquals("mlp", ModelProto.parseFrom(Files.readAllBytes(file)).getMetadataPropsList().stream()
                .filter(e -> e.getKey().equals("model")).findFirst().orElseThrow().getValue());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left behind");
        }
    }

    private static List<String> dims(ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.getValueCase() == TensorShapeProto.Dimension.ValueCase.DIM_PARAM ? d.getDimParam()
                        : Long.toString(d.getDimValue()))
                .toList();
    }
}
