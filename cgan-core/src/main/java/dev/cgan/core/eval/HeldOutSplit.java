package dev.cgan.core.eval;

import dev.cgan.core.data.Dataset;
import java.util.List;

/**
 * A deterministic train/test split of one dataset, for data that comes without a test split: every
 * {@value #EVERY}th image (indices {@code 5, 11, 17, ...}) is held out for testing, the others train.
 */
public final class HeldOutSplit implements Dataset {

    /** One image in this many is held out. */
    public static final int EVERY = 6;

    private final Dataset source;
    private final boolean test;
    private final int size;

    private HeldOutSplit(Dataset source, boolean test) {
        this.source = source;
        this.test = test;
        int held = source.size() / EVERY;
        this.size = test ? held : source.size() - held;
    }

    /** The training part (five images in six). */
    public static Dataset trainPart(Dataset source) {
        return new HeldOutSplit(source, false);
    }

    /** The held-out part (one image in six). */
    public static Dataset testPart(Dataset source) {
        return new HeldOutSplit(source, true);
    }

    private int sourceIndex(int index) {
        java.util.Objects.checkIndex(index, size);
        if (test) {
            return index * EVERY + EVERY - 1;
        }
        // Train index i skips one held-out image per EVERY - 1 kept ones.
        return index + index / (EVERY - 1);
    }

    @Override
    public String description() {
        return source.description() + (test ? ", held-out sixth" : ", without its held-out sixth");
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int imageSize() {
        return source.imageSize();
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        source.copyImage(sourceIndex(index), destination, offset);
    }

    @Override
    public int label(int index) {
        return source.label(sourceIndex(index));
    }
}
