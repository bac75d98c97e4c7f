package dev.cgan.backend.nd4j;

import dev.cgan.core.data.Dataset;
import java.util.List;

/** The first {@code size} images of another dataset, for runs that need real images but few of them. */
record FirstImages(Dataset source, int size) implements Dataset {

    @Override
    public String description() {
        return "the first " + size + " images of " + source.description();
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
    }

    @Override
    public int label(int index) {
        return source.label(index);
    }
}
