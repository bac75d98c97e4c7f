package dev.cgan.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to real PNG and JPEG files — truncations, flipped bytes, huge declared sizes, inserted and deleted
 * runs — must always end in a decoded image or an {@link UnreadableImageException}: no other exception, no hang, no
 * out-of-memory. The seed is fixed, so a failure reproduces.
 */
class ImageDecoderFuzzTest {

    private static final int CASES = 1200;
    private static final ImageShape SHAPE = new ImageShape(3, 64);

    @TempDir
    Path dir;

    @Test
    void randomCorruptionsFailCleanly() {
        List<byte[]> originals = originals();
        Random random = new Random(20260101L);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] original = originals.get(i % originals.size());
                byte[] damaged = corrupt(original, random);
                byte[] out = new byte[SHAPE.length()];
                try {
                    ImageDecoder.decode(damaged, "case " + i, SHAPE, out, 0);
                    outcomes[0]++;
                } catch (UnreadableImageException e) {
                    assertTrue(e.getMessage().startsWith("case " + i + " "), e.getMessage());
                    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
                    outcomes[1]++;
                } catch (Throwable t) {
                    fail("case " + i + " (from original " + (i % originals.size()) + ") threw " + t, t);
                }
            }
        });
        assertEquals(CASES, outcomes[0] + outcomes[1]);
        System.out.println("image decoder fuzz: " + CASES + " corruptions, " + outcomes[0] + " still decoded, "
                + outcomes[1] + " rejected with one line");
        // Most damage must be noticed; a flipped byte inside pixel data may legitimately still decode.
        assertTrue(outcomes[1] > CASES / 4, "rejected " + outcomes[1] + " of " + CASES);
    }

    @Test
    void aFolderOfDamagedFilesLoadsTheGoodOnesAndWarnsOfTheRest() throws IOException {
        List<byte[]> originals = originals();
        Random random = new Random(7L);
        for (int i = 0; i < 60; i++) {
            Path file = dir.resolve((i % 2 == 0 ? "a" : "b") + "/damaged-" + i
                    + (ImageDecoder.format(originals.get(i % originals.size())).equals("png") ? ".png" : ".jpg"));
            Files.createDirectories(file.getParent());
            Files.write(file, corrupt(originals.get(i % originals.size()), random));
        }
        Files.write(dir.resolve("a/good.png"), originals.get(0));
        Files.write(dir.resolve("b/good.png"), originals.get(0));
        ImageFolderDataset d = assertTimeoutPreemptively(Duration.ofMinutes(2),
                () -> ImageFolderDataset.load(dir, SHAPE));
        assertEquals(62, d.size() + d.warnings().size(), d.warnings().toString());
        assertTrue(d.size() >= 2);
    }

    private static List<byte[]> originals() {
        List<byte[]> out = new ArrayList<>();
        out.add(TestImages.encode(TestImages.rgb(48, 40, (x, y) -> (x * 5) << 16 | (y * 6) << 8 | (x + y)), "png"));
        out.add(TestImages.encode(TestImages.rgb(48, 40, (x, y) -> (x * 5) << 16 | (y * 6) << 8 | (x * y)), "jpeg"));
        out.add(TestImages.encode(TestImages.gray16(33, 21, 1234), "png"));
        out.add(TestImages.encode(TestImages.palette(20, 30, 0x123456), "png"));
        out.add(TestImages.encode(TestImages.rgba(17, 17, 0xABCDEF), "png"));
        out.add(TestImages.encode(TestImages.gray8(64, 64, 77), "jpeg"));
        return out;
    }

    private static byte[] corrupt(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(6)) {
            case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 1 -> {
                for (int k = 1 + random.nextInt(8); k > 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> {
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 3 -> hugeSize(b, random);
            case 4 -> {
                int at = random.nextInt(b.length);
                byte[] run = new byte[1 + random.nextInt(64)];
                random.nextBytes(run);
                byte[] longer = new byte[b.length + run.length];
                System.arraycopy(b, 0, longer, 0, at);
                System.arraycopy(run, 0, longer, at, run.length);
                System.arraycopy(b, at, longer, at + run.length, b.length - at);
                b = longer;
            }
            default -> {
                int at = random.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + random.nextInt(64));
                byte[] shorter = new byte[b.length - len];
                System.arraycopy(b, 0, shorter, 0, at);
                System.arraycopy(b, at + len, shorter, at, b.length - at - len);
                b = shorter;
            }
        }
        return b;
    }

    /** Sets the declared width and height to large random values: PNG's IHDR, or a JPEG frame header. */
    private static void hugeSize(byte[] b, Random random) {
        if ("png".equals(ImageDecoder.format(b))) {
            for (int i = 16; i < 24; i += 4) {
                int v = random.nextBoolean() ? Integer.MAX_VALUE : 1 + random.nextInt(1 << 20);
                b[i] = (byte) (v >>> 24);
                b[i + 1] = (byte) (v >>> 16);
                b[i + 2] = (byte) (v >>> 8);
                b[i + 3] = (byte) v;
            }
            return;
        }
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) >= 0xC0 && (b[i + 1] & 0xFF) <= 0xC2) {
                // SOFn: length(2) precision(1) height(2) width(2)
                b[i + 5] = (byte) 0xFF;
                b[i + 6] = (byte) random.nextInt(256);
                b[i + 7] = (byte) 0xFF;
                b[i + 8] = (byte) random.nextInt(256);
                return;
            }
        }
    }
}
