package dev.cgan.core.data;

import java.util.List;

/**
 * A dataset derived image by image from another: the same images in the same order, with the same labels and classes,
 * changed only in how each image looks. Subclasses say how ({@link #copyImage}) and what that changes in the
 * description and, where it does, the image size.
 */
abstract class DatasetView implements Dataset {

    /** The dataset this one is a view of. */
    protected final Dataset source;

    protected DatasetView(Dataset source) {
        this.source = source;
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
    public int label(int index) {
        return source.label(index);
    }
}
