package dev.cgan.distributed;

import dev.cgan.core.data.Dataset;
import java.util.List;

/** A small labelled dataset of 8×8 grayscale images in [-1, 1], drawn from a fixed SplitMix64 stream. */
final class TinyData implements Dataset {

    static final int SIZE = 8;
    static final int CLASSES = 3;

    private final float[][] images;
    private final int[] labels;

    TinyData(int count) {
        images = new float[count][SIZE * SIZE];
        labels = new int[count];
        long state = 0x5DEECE66DL;
        for (int i = 0; i < count; i++) {
            labels[i] = i % CLASSES;
            for (int p = 0; p < SIZE * SIZE; p++) {
                state += 0x9E3779B97F4A7C15L;
                long z = state;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z ^= z >>> 31;
                // A class-dependent brightness plus noise, so D has something to learn.
                float noise = (z >>> 40) / (float) (1L << 24) - 0.5f;
                images[i][p] = Math.max(-1f, Math.min(1f, (labels[i] - 1) * 0.5f + noise));
            }
        }
    }

    @Override
    public String description() {
        return "tiny synthetic data, " + labels.length + " images";
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classNames() {
        return List.of("dark", "grey", "light");
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
    public void copyImage(int index, float[] destination, int offset) {
        System.arraycopy(images[index], 0, destination, offset, SIZE * SIZE);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }
}
