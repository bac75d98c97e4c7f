package dev.cgan.core.data;

import java.util.List;

/**
 * Labelled training images, ready for the networks: every image is {@code [channels, imageSize, imageSize]} row-major,
 * scaled to [-1, 1] (the range of the generator's Tanh) and already padded or resized to the model's size.
 *
 * <p>Implementations are immutable and keep pixels compactly (bytes), converting on access, so the 60,000-image
 * Fashion-MNIST train split costs its 47 MB rather than a quarter of a gigabyte of floats.
 */
public interface Dataset {

    /** One line saying where the data came from and what it is, for logs and the run summary. */
    String description();

    /** The number of images. */
    int size();

    /** The class names, index = label. */
    List<String> classNames();

    /** The number of classes (the length of the one-hot label). */
    default int numClasses() {
        return classNames().size();
    }

    /** Image channels: 1 for grayscale. */
    int channels();

    /** Image height and width. */
    int imageSize();

    /** Floats per image: {@code channels * imageSize * imageSize}. */
    default int imageLength() {
        return channels() * imageSize() * imageSize();
    }

    /** Writes image {@code index} into {@code destination} from {@code offset}, {@link #imageLength()} floats. */
    void copyImage(int index, float[] destination, int offset);

    /** Image {@code index} as a new array of {@link #imageLength()} floats in [-1, 1]. */
    default float[] image(int index) {
        float[] out = new float[imageLength()];
        copyImage(index, out, 0);
        return out;
    }

    /** The label of image {@code index}, in {@code 0 .. numClasses() - 1}. */
    int label(int index);

    /**
     * The first {@code count} images of this dataset (all of them when it has fewer), with their labels and classes:
     * for short runs that need real images but few of them.
     */
    default Dataset first(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return new FirstImages(this, Math.min(count, size()));
    }
}
