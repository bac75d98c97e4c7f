package dev.cgan.core.safetensors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cgan.api.tensor.Shape;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Hostile and damaged files fail fast with a one-line {@link SafeTensorsFormatException}. */
class SafeTensorsCorruptionTest {

    /** Random corruptions: truncations, changed bytes, JSON characters, header lengths and huge declared sizes. */
    private static final int TRIALS = 2000;

    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array();
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    private static SafeTensorsFormatException rejects(byte[] bytes, String expectedWords) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensorsFile.parse(bytes));
        assertTrue(e.getMessage().contains(expectedWords), () -> "message '" + e.getMessage() + "' lacks '"
                + expectedWords + "'");
        assertTrue(!e.getMessage().contains("\n"), "one line");
        // The stream reader must agree with the in-memory one.
        assertThrows(SafeTensorsFormatException.class, () -> SafeTensorsFile.read(new ByteArrayInputStream(bytes)));
        return e;
    }

    @Test
    void fileShorterThanTheLengthField() {
        rejects(new byte[5], "truncated");
    }

    @Test
    void headerLengthBeyondTheFile() {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        rejects(bytes, "truncated");
    }

    @Test
    void headerLengthBeyondTheCapIsNotAllocated() {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE - 3).array();
        rejects(bytes, "limit");
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();
        rejects(negative, "limit");
    }

    @Test
    void headerThatIsNotJson() {
        rejects(file("{not json", 0), "header: invalid JSON");
    }

    @Test
    void headerThatIsNotAnObject() {
        rejects(file("[1,2]", 0), "object");
    }

    @Test
    void headerThatIsNotUtf8() {
        byte[] bytes = file("{\"a\":1}", 0);
        bytes[10] = (byte) 0xff;
        rejects(bytes, "UTF-8");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown dtype        | F33 | [1]        | 0 | 4  | 4  | unknown dtype",
        "offsets past data    | F32 | [2]        | 0 | 8  | 4  | not a range",
        "offsets reversed     | F32 | [0]        | 4 | 0  | 4  | not a range",
        "size disagrees       | F32 | [3]        | 0 | 8  | 8  | needs 12 bytes",
        "negative dimension   | F32 | [-1]       | 0 | 4  | 4  | non-negative",
        "fractional dimension | F32 | [1.5]      | 0 | 4  | 4  | non-negative integers",
        "overflowing shape    | F32 | [4294967296,4294967296,4294967296] | 0 | 4 | 4 | too large",
        "overflowing product  | F64 | [2147483647,2147483647,2147483647] | 0 | 4 | 4 | overflows",
        "trailing data        | F32 | [1]        | 0 | 4  | 12 | cover 4 bytes",
        "gap before           | F32 | [1]        | 4 | 8  | 8  | gap",
    })
    void badTensorEntry(String why, String dtype, String shape, long begin, long end, int dataBytes, String words) {
        rejects(file("{" + entry("t", dtype, shape, begin, end) + "}", dataBytes), words);
    }

    @Test
    void overlappingTensors() {
        String header = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[1]", 4, 8) + "}";
        rejects(file(header, 8), "overlaps");
    }

    @Test
    void entryFieldsOfTheWrongType() {
        rejects(file("{\"t\":5}", 0), "must be an object");
        rejects(file("{\"t\":{\"dtype\":1,\"shape\":[],\"data_offsets\":[0,4]}}", 4), "dtype must be a string");
        rejects(file("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "shape must be an array");
        rejects(file("{\"t\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0]}}", 4), "2 entries");
    }

    @Test
    void metadataMustMapStringsToStrings() {
        rejects(file("{\"__metadata__\":{\"a\":1}}", 0), "must be a string");
        rejects(file("{\"__metadata__\":[]}", 0), "must be an object");
    }

    @Test
    void randomCorruptionsNeitherHangNorEscapeAsOtherExceptions() {
        byte[] valid = new SafeTensorsWriter()
                .metadata("kind", "layer")
                .putFloats("weight", Shape.of(4, 3), new float[12])
                .putInts("idx", Shape.of(5), new int[5])
                .putLongs("step", Shape.of(1), new long[1])
                .toByteArray();
        Random random = new Random(20240607L);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int trial = 0; trial < TRIALS; trial++) {
                byte[] bytes = corrupt(valid, random);
                try {
                    SafeTensorsFile.parse(bytes);
                    SafeTensorsFile.read(new ByteArrayInputStream(bytes));
                } catch (SafeTensorsFormatException expected) {
                    // the one allowed way to fail
                } catch (RuntimeException | Error e) {
                    fail("trial " + trial + " escaped as " + e, e);
                }
            }
        });
    }

    private static byte[] corrupt(byte[] valid, Random random) {
        byte[] bytes;
        switch (random.nextInt(5)) {
            case 0 -> bytes = java.util.Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            case 1 -> {
                bytes = valid.clone();
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                bytes = valid.clone();
                // Printable characters in the header reach the JSON and offset checks rather than UTF-8 decoding.
                int at = 8 + random.nextInt(bytes.length - 8);
                bytes[at] = (byte) ("{}[],:\"0123456789-.eE FIU".charAt(random.nextInt(25)));
            }
            case 3 -> {
                bytes = valid.clone();
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(random.nextLong() >>> random.nextInt(64));
            }
            default -> bytes = hugeNumberInHeader(valid, random);
        }
        return bytes;
    }

    /**
     * A well-formed file whose header declares a huge size: one number of the JSON header (a shape dimension or a data
     * offset) becomes a value near or past the limits of int and long, and the length field follows the new header.
     */
    private static byte[] hugeNumberInHeader(byte[] valid, Random random) {
        ByteBuffer in = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) in.getLong(0);
        String header = new String(valid, 8, headerLength, StandardCharsets.UTF_8);
        java.util.List<int[]> numbers = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(header);
        while (m.find()) {
            numbers.add(new int[] {m.start(), m.end()});
        }
        int[] span = numbers.get(random.nextInt(numbers.size()));
        String[] huge = {"2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999", "1e300", "-1", String.valueOf(1L << 40)};
        String changed = header.substring(0, span[0]) + huge[random.nextInt(huge.length)] + header.substring(span[1]);
        byte[] json = changed.getBytes(StandardCharsets.UTF_8);
        int data = valid.length - 8 - headerLength;
        return ByteBuffer.allocate(8 + json.length + data).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length)
                .put(json).put(valid, 8 + headerLength, data).array();
    }
}
