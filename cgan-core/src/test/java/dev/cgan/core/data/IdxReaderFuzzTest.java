package dev.cgan.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to IDX files, raw and gzip-compressed, read from files and from streams: every outcome is either a
 * consistent array or one {@link DatasetException} line naming the source — never another exception, an
 * {@link OutOfMemoryError} or a hang.
 */
class IdxReaderFuzzTest {

    /** Corruptions per kind of damage; four kinds, each raw and compressed. */
    private static final int TRIALS_PER_KIND = 300;

    private enum Damage { TRUNCATE, FLIP_BYTES, HUGE_DIMENSION, REWRITE_HEADER }

    @TempDir
    Path dir;

    @Test
    void everyCorruptionIsAConsistentArrayOrOneCleanLine() {
        byte[] images = IdxFiles.images(6, 28, 28);
        byte[] labels = IdxFiles.labels(6, 10);
        Random random = new Random(0x1D8L);
        Map<Damage, int[]> outcomes = new EnumMap<>(Damage.class); // {rejected, read}

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int trial = 0;
            for (Damage damage : Damage.values()) {
                int[] counts = outcomes.computeIfAbsent(damage, d -> new int[2]);
                for (int i = 0; i < TRIALS_PER_KIND; i++, trial++) {
                    boolean image = random.nextBoolean();
                    byte[] valid = image ? images : labels;
                    byte[] damaged = damage(valid, damage, random);
                    // Half the trials compress the damaged file (a damaged .gz download); a few damage the
                    // compressed bytes themselves.
                    if (random.nextBoolean()) {
                        damaged = IdxFiles.gzip(damaged);
                        if (random.nextInt(4) == 0) {
                            damaged = damage(damaged, Damage.FLIP_BYTES, random);
                        }
                    }
                    int rank = image ? 3 : 1;
                    boolean fromFile = trial % 2 == 0;
                    String source = fromFile ? dir.resolve("trial-" + trial).toString() : "trial-" + trial;
                    try {
                        IdxArray array = fromFile
                                ? IdxReader.read(IdxFiles.write(Path.of(source), damaged), rank)
                                : IdxReader.read(new ByteArrayInputStream(damaged), source, rank);
                        assertConsistent(array, rank, trial);
                        counts[1]++;
                    } catch (DatasetException e) {
                        String m = e.getMessage();
                        assertTrue(m.contains(source), () -> "names its source: " + m);
                        assertFalse(m.contains("\n"), () -> "one line: " + m);
                        counts[0]++;
                    } catch (RuntimeException | Error e) {
                        fail("trial " + trial + " (" + damage + ") escaped as " + e, e);
                    }
                }
            }
        });

        int total = 0;
        for (Map.Entry<Damage, int[]> e : outcomes.entrySet()) {
            System.out.printf("IDX fuzz %-15s rejected %4d, still valid %4d%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1]);
            total += e.getValue()[0] + e.getValue()[1];
            // Damage that only changes pixel values leaves a valid file; every kind must mostly be caught.
            assertTrue(e.getValue()[0] > TRIALS_PER_KIND / 2, e.getKey() + " mostly rejected");
        }
        assertEquals(4 * TRIALS_PER_KIND, total);
    }

    private static void assertConsistent(IdxArray array, int rank, int trial) {
        assertEquals(rank, array.rank(), "trial " + trial);
        long product = 1;
        for (int d : array.dims()) {
            assertTrue(d > 0, "trial " + trial);
            product *= d;
        }
        assertEquals(product, array.data().length, "trial " + trial + ": data length is the declared size");
    }

    private static byte[] damage(byte[] valid, Damage damage, Random random) {
        byte[] bytes = valid.clone();
        int rank = valid[3];
        switch (damage) {
            case TRUNCATE -> bytes = Arrays.copyOf(valid, random.nextInt(valid.length));
            case FLIP_BYTES -> {
                // Mostly in the header, where damage matters; the data bytes are all valid values.
                int headerLength = Math.min(bytes.length, 4 + 4 * Math.max(rank, 1));
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    int at = random.nextInt(3) > 0 ? random.nextInt(headerLength) : random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case HUGE_DIMENSION -> {
                int dimension = random.nextInt(Math.max(rank, 1));
                int[] huge = {Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 1 << 30, 65_536, 100_000_000,
                    random.nextInt()};
                ByteBuffer.wrap(bytes).putInt(4 + 4 * dimension, huge[random.nextInt(huge.length)]);
            }
            case REWRITE_HEADER -> {
                // A plausible but wrong header: other type, rank or counts, or bytes added at the end.
                ByteBuffer b = ByteBuffer.wrap(bytes);
                switch (random.nextInt(4)) {
                    case 0 -> b.put(2, (byte) new int[] {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E}[random.nextInt(6)]);
                    case 1 -> b.put(3, (byte) random.nextInt(8));
                    case 2 -> b.putInt(4, b.getInt(4) + 1 + random.nextInt(5));
                    default -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(64));
                }
            }
            default -> throw new IllegalStateException();
        }
        return bytes;
    }
}
