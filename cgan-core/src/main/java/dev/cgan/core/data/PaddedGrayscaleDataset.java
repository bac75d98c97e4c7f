package dev.cgan.core.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Grayscale IDX images with their labels, scaled from bytes 0..255 to [-1, 1] and centred on a square canvas filled
 * with the background value -1 (byte 0): Fashion-MNIST's 28×28 become the 32×32 that a DCGAN's four stride-2 layers
 * need.
 */
public final class PaddedGrayscaleDataset implements Dataset {

    /** What the byte 0 (the background of MNIST-format images) becomes. */
    public static final float BACKGROUND = -1f;

    private static final float[] SCALE = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            // b / 127.5 - 1 maps 0 to exactly -1 and 255 to exactly 1.
            SCALE[b] = (float) (b / 127.5 - 1.0);
        }
    }

    private final String description;
    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int height;
    private final int width;
    private final int size;
    private final int top;
    private final int left;
    private final List<String> classNames;

    /**
     * Combines an image file {@code [n, height, width]} and a label file {@code [n]}.
     *
     * @param description one line saying what the data is
     * @param images      the images
     * @param labels      one label per image, each below {@code classNames.size()}
     * @param classNames  the class names, index = label
     * @param size        the padded side, at least the images' height and width
     * @throws DatasetException if counts differ, a label is out of range, or an image is larger than {@code size}
     */
    public PaddedGrayscaleDataset(String description, IdxArray images, IdxArray labels, List<String> classNames,
                                  int size) {
        if (images.rank() != 3 || labels.rank() != 1) {
            throw new DatasetException(images.source() + " and " + labels.source()
                    + " must be an image file [n, height, width] and a label file [n]");
        }
        if (images.dim(0) != labels.dim(0)) {
            throw new DatasetException(images.source() + " holds " + images.dim(0) + " images but "
                    + labels.source() + " holds " + labels.dim(0) + " labels; they must come from the same split");
        }
        if (images.dim(1) > size || images.dim(2) > size) {
            throw new DatasetException(images.source() + " holds " + images.dim(1) + "x" + images.dim(2)
                    + " images, larger than the " + size + "x" + size + " the model is trained at");
        }
        for (int i = 0; i < labels.dim(0); i++) {
            if (labels.unsigned(i) >= classNames.size()) {
                throw new DatasetException(labels.source() + " has label " + labels.unsigned(i) + " at index " + i
                        + " but only " + classNames.size() + " classes are named (0.." + (classNames.size() - 1)
                        + "); list one name per class, in label order, in " + DatasetLocator.CLASS_NAMES_FILE
                        + " beside the IDX files");
            }
        }
        this.description = description;
        this.pixels = images.data();
        this.labels = labels.data();
        this.count = images.dim(0);
        this.height = images.dim(1);
        this.width = images.dim(2);
        this.size = size;
        this.top = (size - height) / 2;
        this.left = (size - width) / 2;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        Objects.checkIndex(index, count);
        Arrays.fill(destination, offset, offset + size * size, BACKGROUND);
        int source = index * height * width;
        for (int y = 0; y < height; y++) {
            int row = offset + (top + y) * size + left;
            for (int x = 0; x < width; x++) {
                destination[row + x] = SCALE[pixels[source++] & 0xFF];
            }
        }
    }

    @Override
    public int label(int index) {
        Objects.checkIndex(index, count);
        return labels[index] & 0xFF;
    }
}
