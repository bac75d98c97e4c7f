package dev.cgan.core.safetensors;

import dev.cgan.api.tensor.Shape;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a safetensors file: tensors in the order they are put, then {@link #writeTo(Path)}. The output is
 * deterministic: the same puts give the same bytes ({@code __metadata__} first, then the tensors in put order, data
 * laid out in the same order, the header padded with spaces to a multiple of 8 bytes so the data is aligned).
 *
 * <pre>{@code
 * new SafeTensorsWriter()
 *         .metadata("format", "cgan-checkpoint")
 *         .putFloats("generator.0.weight", Shape.of(103, 512, 4, 4), weights)
 *         .putLongs("step", Shape.of(1), new long[] {1200})
 *         .writeTo(path);
 * }</pre>
 */
public final class SafeTensorsWriter {

    private static final int ALIGNMENT = 8;

    private final Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a tensor. */
    public SafeTensorsWriter put(String name, StoredTensor tensor) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tensor, "tensor");
        if (name.equals(SafeTensorsFile.METADATA_KEY)) {
            throw new IllegalArgumentException(SafeTensorsFile.METADATA_KEY + " is reserved and cannot name a tensor");
        }
        if (tensors.putIfAbsent(name, tensor) != null) {
            throw new IllegalArgumentException("tensor '" + name + "' was already put");
        }
        return this;
    }

    /** Adds an {@code F32} tensor ({@code values.length} must equal the shape's size). */
    public SafeTensorsWriter putFloats(String name, Shape shape, float[] values) {
        return put(name, StoredTensor.ofFloats(shape, values));
    }

    /** Adds an {@code I32} tensor. */
    public SafeTensorsWriter putInts(String name, Shape shape, int[] values) {
        return put(name, StoredTensor.ofInts(shape, values));
    }

    /** Adds an {@code I64} tensor. */
    public SafeTensorsWriter putLongs(String name, Shape shape, long[] values) {
        return put(name, StoredTensor.ofLongs(shape, values));
    }

    /** Sets one {@code __metadata__} entry (a later call with the same key replaces it). */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sets several {@code __metadata__} entries, in the map's iteration order. */
    public SafeTensorsWriter metadata(Map<String, String> entries) {
        entries.forEach(this::metadata);
        return this;
    }

    /** The header JSON as it will be written, before padding. */
    public String headerJson() {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(SafeTensorsFile.METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            StoredTensor t = e.getValue();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", t.dtype().name());
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape().dims()) {
                shape.add((long) d);
            }
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + t.byteSize()));
            offset += t.byteSize();
            header.put(e.getKey(), info);
        }
        return Json.write(header);
    }

    /** Writes the file to a stream (not closed). */
    public void writeTo(OutputStream out) throws IOException {
        byte[] json = headerJson().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(json);
        for (int i = json.length; i < padded; i++) {
            out.write(' ');
        }
        for (StoredTensor t : tensors.values()) {
            t.writeData(out);
        }
        out.flush();
    }

    /** Writes the file to {@code path}, replacing it. Not atomic: a crash can leave a partial file. */
    public void writeTo(Path path) throws IOException {
        // FileOutputStream, not a channel: a channel copies each large write through a direct buffer of its size.
        try (OutputStream out = new BufferedOutputStream(new java.io.FileOutputStream(path.toFile()), 1 << 16)) {
            writeTo(out);
        }
    }

    /** The file as bytes. */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new AssertionError("in-memory streams do not fail", e);
        }
        return out.toByteArray();
    }
}
