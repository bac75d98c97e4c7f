package dev.cgan.core.data;

/**
 * A dataset's images mapped from [-1, 1] to [0, 1] ({@code (v + 1) / 2}), for a generator with a Sigmoid output.
 * The one exception to {@link Dataset}'s [-1, 1] convention, made only where a model asks for it.
 */
public final class UnitRangeDataset extends DatasetView {

    /** {@code source} in [0, 1]. */
    public UnitRangeDataset(Dataset source) {
        super(source);
    }

    @Override
    public String description() {
        return source.description() + ", values in [0, 1]";
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        source.copyImage(index, destination, offset);
        for (int i = offset; i < offset + imageLength(); i++) {
            destination[i] = (destination[i] + 1f) * 0.5f;
        }
    }
}
