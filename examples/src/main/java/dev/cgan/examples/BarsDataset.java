package dev.cgan.examples;

import dev.cgan.core.data.Dataset;
import java.util.List;

/**
 * A dataset of one's own: 16×16 grayscale pictures of two bars, horizontal or vertical (the two classes), at positions
 * that depend only on the image's index. Nothing is stored; every image is drawn when asked for, in [-1, 1] as
 * {@link Dataset} requires (background -1, bars +1).
 */
public final class BarsDataset implements Dataset {

    /** Image height and width. */
    public static final int SIZE = 16;

    /** Label of the pictures with horizontal bars. */
    public static final int HORIZONTAL = 0;

    /** Label of the pictures with vertical bars. */
    public static final int VERTICAL = 1;

    private static final int BAR = 2;

    private final int size;

    /** {@code size} pictures, labels alternating horizontal, vertical, horizontal, ... */
    public BarsDataset(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a dataset needs at least one image, got " + size);
        }
        this.size = size;
    }

    @Override
    public String description() {
        return size + " pictures of horizontal or vertical bars, 16x16 grayscale (cgan-examples)";
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<String> classNames() {
        return List.of("horizontal", "vertical");
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int imageSize() {
        return SIZE;
    }

    @Override
    public int label(int index) {
        return index % 2;
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        java.util.Arrays.fill(destination, offset, offset + SIZE * SIZE, -1f);
        long bits = mix(index);
        int first = (int) Math.floorMod(bits, SIZE / 2 - BAR);
        int second = SIZE / 2 + (int) Math.floorMod(bits >>> 16, SIZE / 2 - BAR);
        for (int line : new int[] {first, second}) {
            for (int t = line; t < line + BAR; t++) {
                for (int along = 0; along < SIZE; along++) {
                    int row = label(index) == HORIZONTAL ? t : along;
                    int column = label(index) == HORIZONTAL ? along : t;
                    destination[offset + row * SIZE + column] = 1f;
                }
            }
        }
    }

    /** A well-mixed 64-bit value for {@code index} (the finaliser of SplitMix64). */
    private static long mix(long index) {
        long z = index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
