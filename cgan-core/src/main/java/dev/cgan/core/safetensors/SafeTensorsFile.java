package dev.cgan.core.safetensors;

import dev.cgan.api.tensor.Shape;
import java.io.IOException;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of a safetensors file: named tensors, in header order, and the {@code __metadata__} strings.
 *
 * <p>The container is an 8-byte little-endian header length, a UTF-8 JSON header and the tensors' raw
 * little-endian bytes. Reading is meant for untrusted files and fails with a one-line
 * {@link SafeTensorsFormatException} rather than hanging or exhausting memory: the header length is checked against
 * the file size and {@link #MAX_HEADER_BYTES}; every tensor's offsets must lie in the data, agree with its dtype and
 * shape, and the tensors must tile the data exactly (no overlaps, no gaps, nothing left over), as the format's
 * reference implementation requires.
 */
public final class SafeTensorsFile {

    /** How much one read of a file asks for; see {@link #read(Path)}. */
    private static final int READ_CHUNK_BYTES = 1 << 20;

    /** The largest header accepted; a bigger one is taken as corruption rather than read. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** The reserved header key of the string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private static final int LENGTH_BYTES = 8;

    /** Host arrays are int-indexed; this leaves the JVM's usual array headroom. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16L;

    private final Map<String, StoredTensor> tensors;
    private final Map<String, String> metadata;

    private SafeTensorsFile(Map<String, StoredTensor> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Reads a file.
     *
     * @throws SafeTensorsFormatException if the file is not a valid safetensors container
     * @throws IOException                if it cannot be read
     */
    public static SafeTensorsFile read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new SafeTensorsFormatException(path.getFileName() + " is " + size
                    + " bytes, more than can be read into memory");
        }
        try {
            return parse(readAll(path, (int) size));
        } catch (SafeTensorsFormatException e) {
            throw new SafeTensorsFormatException(path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's bytes, read in small pieces: {@code Files.readAllBytes} reads through a temporary direct buffer as
     * large as the file, which a capped direct memory (the launcher's 16 MB) refuses for a 64×64 model's checkpoint.
     */
    private static byte[] readAll(Path path, int size) throws IOException {
        byte[] out = new byte[size];
        try (InputStream in = new FileInputStream(path.toFile())) {
            int n = 0;
            while (n < size) {
                int r = in.read(out, n, Math.min(size - n, READ_CHUNK_BYTES));
                if (r < 0) {
                    throw new SafeTensorsFormatException("the file shrank while it was read");
                }
                n += r;
            }
        } catch (java.io.FileNotFoundException e) {
            if (!Files.exists(path)) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            throw e;
        }
        return out;
    }

    /**
     * Reads a whole stream (not closed).
     *
     * @throws SafeTensorsFormatException if the bytes are not a valid safetensors container
     * @throws IOException                if the stream fails
     */
    public static SafeTensorsFile read(InputStream in) throws IOException {
        byte[] length = in.readNBytes(LENGTH_BYTES);
        if (length.length < LENGTH_BYTES) {
            throw new SafeTensorsFormatException("truncated: " + length.length + " bytes, the header length alone "
                    + "needs " + LENGTH_BYTES);
        }
        long headerLength = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(headerLengthProblem(headerLength, -1));
        }
        // readNBytes grows its buffer as data arrives, so a lying length on a short stream allocates little.
        byte[] header = in.readNBytes((int) headerLength);
        if (header.length < headerLength) {
            throw new SafeTensorsFormatException("truncated: header length is " + headerLength + " bytes but only "
                    + header.length + " follow");
        }
        byte[] data = in.readAllBytes();
        return decode(header, 0, header.length, data, 0, data.length);
    }

    /**
     * Parses a complete file held in memory.
     *
     * @throws SafeTensorsFormatException if the bytes are not a valid safetensors container
     */
    public static SafeTensorsFile parse(byte[] file) throws SafeTensorsFormatException {
        if (file.length < LENGTH_BYTES) {
            throw new SafeTensorsFormatException("truncated: " + file.length + " bytes, the header length alone "
                    + "needs " + LENGTH_BYTES);
        }
        long headerLength = ByteBuffer.wrap(file, 0, LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long available = file.length - LENGTH_BYTES;
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES || headerLength > available) {
            throw new SafeTensorsFormatException(headerLengthProblem(headerLength, available));
        }
        int dataStart = LENGTH_BYTES + (int) headerLength;
        return decode(file, LENGTH_BYTES, (int) headerLength, file, dataStart, file.length - dataStart);
    }

    /** The tensors by name, in header order. */
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} entries (empty when the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Whether a tensor called {@code name} is present. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}, if present. */
    public Optional<StoredTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public StoredTensor tensor(String name) {
        StoredTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in this file (it has " + tensors.size()
                    + " tensors)");
        }
        return t;
    }

    private static String headerLengthProblem(long headerLength, long available) {
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            return "header length " + Long.toUnsignedString(headerLength) + " is beyond the " + MAX_HEADER_BYTES
                    + "-byte limit (not a safetensors file, or corrupt)";
        }
        return "truncated: header length is " + headerLength + " bytes but only " + available + " follow";
    }

    private static SafeTensorsFile decode(byte[] headerBuf, int headerStart, int headerLength, byte[] dataBuf,
                                          int dataStart, int dataLength) throws SafeTensorsFormatException {
        Map<String, Object> header = parseHeader(headerBuf, headerStart, headerLength);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (var e : header.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                entries.add(entry(e.getKey(), e.getValue(), dataLength));
            }
        }
        requireTiling(entries, dataLength);
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            byte[] bytes = Arrays.copyOfRange(dataBuf, dataStart + (int) entry.begin, dataStart + (int) entry.end);
            tensors.put(entry.name, StoredTensor.adopt(entry.dtype, entry.shape, bytes));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private static Map<String, Object> parseHeader(byte[] buf, int start, int length)
            throws SafeTensorsFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, start, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException("header is not valid UTF-8");
        }
        try {
            return Json.parseObject(text);
        } catch (JsonSyntaxException e) {
            throw new SafeTensorsFormatException("header: " + e.getMessage());
        }
    }

    private static Map<String, String> metadata(Object value) throws SafeTensorsFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafeTensorsFormatException(METADATA_KEY + " must be an object, got " + Json.describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafeTensorsFormatException(METADATA_KEY + " value of '" + name(e.getKey())
                        + "' must be a string, got " + Json.describe(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object value, long dataLength) throws SafeTensorsFormatException {
        String where = "tensor '" + name(name) + "': ";
        if (!(value instanceof Map<?, ?> info)) {
            throw new SafeTensorsFormatException(where + "entry must be an object, got " + Json.describe(value));
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsFormatException(where + "dtype must be a string");
        }
        DType dtype;
        try {
            dtype = DType.byName(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsFormatException(where + e.getMessage());
        }
        long[] dims = integers(info.get("shape"), -1, where + "shape");
        int[] shape = new int[dims.length];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(where + "dimension " + dims[i] + " is too large");
            }
            shape[i] = (int) dims[i];
            elements = multiply(elements, dims[i], where);
        }
        long bytes = multiply(elements, dtype.byteSize(), where);
        long[] offsets = integers(info.get("data_offsets"), 2, where + "data_offsets");
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw new SafeTensorsFormatException(where + "data_offsets [" + begin + ", " + end
                    + "] are not a range within the " + dataLength + " data bytes");
        }
        if (end - begin != bytes) {
            throw new SafeTensorsFormatException(where + dtype + Arrays.toString(shape) + " needs " + bytes
                    + " bytes but data_offsets [" + begin + ", " + end + "] give " + (end - begin));
        }
        return new Entry(name, dtype, Shape.of(shape), begin, end);
    }

    /** Tensors must cover the data exactly once, so no byte is shared, skipped or trailing. */
    private static void requireTiling(List<Entry> entries, long dataLength) throws SafeTensorsFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin < expected) {
                throw new SafeTensorsFormatException("tensor '" + name(e.name) + "' overlaps tensor '"
                        + name(previous.name) + "' (data_offsets start at " + e.begin + ", before " + expected + ")");
            }
            if (e.begin > expected) {
                throw new SafeTensorsFormatException("gap in the data: bytes " + expected + " to " + e.begin
                        + " belong to no tensor");
            }
            expected = e.end;
            previous = e;
        }
        if (expected != dataLength) {
            throw new SafeTensorsFormatException("the tensors cover " + expected + " bytes but the data has "
                    + dataLength);
        }
    }

    private static long[] integers(Object value, int requiredLength, String what) throws SafeTensorsFormatException {
        if (!(value instanceof List<?> list)) {
            throw new SafeTensorsFormatException(what + " must be an array, got " + Json.describe(value));
        }
        if (requiredLength >= 0 && list.size() != requiredLength) {
            throw new SafeTensorsFormatException(what + " must have " + requiredLength + " entries, got "
                    + list.size());
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new SafeTensorsFormatException(what + " must hold non-negative integers, got "
                        + Json.describe(list.get(i)) + " at " + i);
            }
            out[i] = v;
        }
        return out;
    }

    private static long multiply(long a, long b, String where) throws SafeTensorsFormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new SafeTensorsFormatException(where + "size overflows");
        }
    }

    private static String name(Object key) {
        return DType.abbreviate(String.valueOf(key));
    }

    private record Entry(String name, DType dtype, Shape shape, long begin, long end) {
    }
}
