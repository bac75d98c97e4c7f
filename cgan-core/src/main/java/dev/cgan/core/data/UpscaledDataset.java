package dev.cgan.core.data;

/**
 * A dataset's images enlarged by a whole factor, each pixel repeated factor × factor times (nearest neighbour), so
 * that 32×32 Fashion-MNIST can feed the seed's 64×64 model without inventing detail.
 */
public final class UpscaledDataset extends DatasetView {

    private final int factor;
    private final int size;

    private UpscaledDataset(Dataset source, int factor) {
        super(source);
        this.factor = factor;
        this.size = source.imageSize() * factor;
    }

    /**
     * {@code dataset} at {@code imageSize}: itself when it already has that size, else enlarged by the whole factor
     * between them.
     *
     * @throws DatasetException if {@code imageSize} is not a whole multiple of the dataset's image size
     */
    public static Dataset fit(Dataset dataset, int imageSize) {
        if (dataset.imageSize() == imageSize) {
            return dataset;
        }
        if (imageSize < dataset.imageSize() || imageSize % dataset.imageSize() != 0) {
            throw new DatasetException("the model needs " + imageSize + "x" + imageSize + " images but the data has "
                    + dataset.imageSize() + "x" + dataset.imageSize() + "; choose a model of a matching size");
        }
        return new UpscaledDataset(dataset, imageSize / dataset.imageSize());
    }

    @Override
    public String description() {
        return source.description() + ", enlarged " + factor + "x to " + size + "x" + size;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        float[] small = source.image(index);
        int s = source.imageSize();
        for (int c = 0; c < channels(); c++) {
            for (int y = 0; y < size; y++) {
                int from = c * s * s + (y / factor) * s;
                int to = offset + c * size * size + y * size;
                for (int x = 0; x < size; x++) {
                    destination[to + x] = small[from + x / factor];
                }
            }
        }
    }
}
