package dev.cgan.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cgan.api.tensor.Shape;
import dev.cgan.core.safetensors.SafeTensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to a checkpoint file as {@code --resume} would read it: truncated, bytes changed anywhere (most in
 * the metadata a resume trusts), header length rewritten. Every read either succeeds or fails with one
 * {@link CheckpointException} line naming the file; nothing else escapes, nothing hangs.
 */
class CheckpointFileFuzzTest {

    private static final int TRIALS = 1000;

    @TempDir
    Path dir;

    @Test
    void everyDamagedCheckpointReadsOrFailsWithOneLine() throws Exception {
        Path original = dir.resolve("original.safetensors");
        new SafeTensorsWriter().metadata(Fixtures.info(1200, dir.resolve("run")).toMetadata())
                .putFloats("generator.0.weight", Shape.of(4, 3), new float[12])
                .putLongs("generator.1.num_batches_tracked", Shape.scalar(), new long[] {1200})
                .writeTo(original);
        byte[] valid = Files.readAllBytes(original);
        CheckpointFile.read(original); // the undamaged file is a checkpoint
        Random random = new Random(7_2026L);
        int[] rejected = new int[1];

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int trial = 0; trial < TRIALS; trial++) {
                Path file = dir.resolve("trial-" + trial + ".safetensors");
                Files.write(file, damage(valid, random));
                try {
                    CheckpointFile.read(file);
                } catch (CheckpointException e) {
                    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    rejected[0]++;
                } catch (RuntimeException | Error e) {
                    fail("trial " + trial + " escaped as " + e, e);
                }
                Files.delete(file);
            }
        });
        System.out.printf("checkpoint fuzz: %d of %d damaged files rejected%n", rejected[0], TRIALS);
        assertTrue(rejected[0] > TRIALS / 2, "most damage is detected: " + rejected[0]);
    }

    private static byte[] damage(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(3)) {
            case 0 -> bytes = Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1 -> {
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            default -> {
                // A printable character in the header: reaches JSON parsing and the metadata checks.
                int at = 8 + random.nextInt(bytes.length - 8);
                bytes[at] = (byte) "{}[],:\"0123456789-.eE abcxyz".charAt(random.nextInt(28));
            }
        }
        return bytes;
    }
}
