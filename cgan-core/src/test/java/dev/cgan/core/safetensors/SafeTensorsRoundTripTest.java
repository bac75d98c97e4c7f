package dev.cgan.core.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Shape;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {

    private static SafeTensorsWriter sample() {
        return new SafeTensorsWriter()
                .metadata("kind", "layer")
                .metadata("spec", "{\"layer\":{\"type\":\"ReLU\"}}")
                .putFloats("weight", Shape.of(2, 3), new float[] {1.5f, -2f, 0f, Float.MIN_VALUE, -0f, 3.25e7f})
                .putInts("idx", Shape.of(3), new int[] {0, -7, Integer.MAX_VALUE})
                .putLongs("step", Shape.of(1), new long[] {Long.MAX_VALUE})
                .putFloats("scalar", Shape.scalar(), new float[] {42f})
                .putFloats("empty", Shape.of(0, 4), new float[0]);
    }

    @Test
    void bytesRoundTripKeepsValuesOrderAndMetadata() throws Exception {
        SafeTensorsFile file = SafeTensorsFile.parse(sample().toByteArray());

        assertEquals(List.of("weight", "idx", "step", "scalar", "empty"), List.copyOf(file.tensors().keySet()));
        assertEquals(Map.of("kind", "layer", "spec", "{\"layer\":{\"type\":\"ReLU\"}}"), file.metadata());
        StoredTensor w = file.tensor("weight");
        assertEquals(DType.F32, w.dtype());
        assertEquals(Shape.of(2, 3), w.shape());
        assertArrayEquals(new float[] {1.5f, -2f, 0f, Float.MIN_VALUE, -0f, 3.25e7f}, w.floats());
        assertArrayEquals(new int[] {0, -7, Integer.MAX_VALUE}, file.tensor("idx").ints());
        assertArrayEquals(new long[] {Long.MAX_VALUE}, file.tensor("step").longs());
        assertEquals(Shape.scalar(), file.tensor("scalar").shape());
        assertEquals(0, file.tensor("empty").floats().length);
    }

    @Test
    void pathAndStreamReadTheSameAsBytes(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("t.safetensors");
        sample().writeTo(path);
        byte[] bytes = sample().toByteArray();

        SafeTensorsFile fromPath = SafeTensorsFile.read(path);
        SafeTensorsFile fromStream = SafeTensorsFile.read(new ByteArrayInputStream(bytes));

        assertArrayEquals(fromPath.tensor("weight").floats(), fromStream.tensor("weight").floats());
        assertArrayEquals(fromPath.tensor("step").longs(), fromStream.tensor("step").longs());
        assertEquals(fromPath.metadata(), fromStream.metadata());
    }

    @Test
    void writingIsDeterministicAndTheHeaderIsPaddedToEightBytes() {
        byte[] a = sample().toByteArray();
        byte[] b = sample().toByteArray();
        assertArrayEquals(a, b);

        long headerLength = ByteBuffer.wrap(a, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        String header = new String(a, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":"), header);
        assertTrue(header.endsWith("}") || header.endsWith(" "), header);
    }

    @Test
    void readsAHandWrittenFileInTheReferenceLayout() throws Exception {
        // As written by the Python safetensors package: tensors in any header order, offsets relative to the data.
        String header = "{\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json).putFloat(0.5f).putLong(-3L);

        SafeTensorsFile file = SafeTensorsFile.parse(buf.array());

        assertArrayEquals(new float[] {0.5f}, file.tensor("a").floats());
        assertArrayEquals(new long[] {-3L}, file.tensor("b").longs());
        assertTrue(file.metadata().isEmpty());
    }

    @Test
    void typedAccessorsRefuseTheWrongDtype() throws Exception {
        SafeTensorsFile file = SafeTensorsFile.parse(sample().toByteArray());
        assertThrows(IllegalStateException.class, () -> file.tensor("idx").floats());
        assertThrows(IllegalStateException.class, () -> file.tensor("weight").longs());
    }

    @Test
    void missingTensorIsAClearError() throws Exception {
        SafeTensorsFile file = SafeTensorsFile.parse(sample().toByteArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> file.tensor("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void writerRejectsDuplicatesTheReservedNameAndWrongCounts() {
        SafeTensorsWriter w = new SafeTensorsWriter().putFloats("x", Shape.of(1), new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> w.putFloats("x", Shape.of(1), new float[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> w.putFloats(SafeTensorsFile.METADATA_KEY, Shape.of(1), new float[] {2}));
        assertThrows(IllegalArgumentException.class, () -> w.putFloats("y", Shape.of(2), new float[] {2}));
    }
}
