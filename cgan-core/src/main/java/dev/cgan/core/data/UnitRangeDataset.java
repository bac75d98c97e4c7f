package dev.cgan.core.data;

import java.util.List;

/**
 * A dataset's images mapped from [-1, 1] to [0, 1] ({@code (v + 1) / 2}), for a generator with a Sigmoid output.
 * The one exception to {@link Dataset}'s [-1, 1] convention, made only where a model asks for it.
 */
public final class UnitRangeDataset implements Dataset {

    private final Dataset source;

    /** {@code source} in [0, 1]. */
    public UnitRangeDataset(Dataset source) {
        this.source = source;
    }

    @Override
    public String description() {
        return source.description() + ", values in [0, 1]";
    }

    @Override
    public int size() {
        return source.size();
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
        source.copyImage(index, destination, offset);
        for (int i = offset; i < offset + imageLength(); i++) {
            destination[i] = (destination[i] + 1f) * 0.5f;
        }
    }

    @Override
    public int label(int index) {
        return source.label(index);
    }
}
