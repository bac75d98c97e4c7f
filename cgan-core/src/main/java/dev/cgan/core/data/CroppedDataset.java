package dev.cgan.core.data;

/**
 * A dataset's images cut to a smaller centred square: Fashion-MNIST padded to 32×32 becomes its original 28×28 again
 * for the paper's MLP (the crop removes exactly the padding).
 */
public final class CroppedDataset extends DatasetView {

    private final int size;
    private final int top;

    /**
     * {@code source} cropped to {@code size} (centred).
     *
     * @throws DatasetException if {@code size} is larger than the source's images
     */
    public CroppedDataset(Dataset source, int size) {
        super(croppable(source, size));
        this.size = size;
        this.top = (source.imageSize() - size) / 2;
    }

    private static Dataset croppable(Dataset source, int size) {
        if (size < 1 || size > source.imageSize()) {
            throw new DatasetException("cannot crop " + source.imageSize() + "x" + source.imageSize() + " images to "
                    + size + "x" + size);
        }
        return source;
    }

    @Override
    public String description() {
        return source.description() + ", centre-cropped to " + size + "x" + size;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        float[] full = source.image(index);
        int s = source.imageSize();
        for (int c = 0; c < channels(); c++) {
            for (int y = 0; y < size; y++) {
                System.arraycopy(full, c * s * s + (top + y) * s + top, destination,
                        offset + c * size * size + y * size, size);
            }
        }
    }
}
