package dev.cgan.core.data;

/** The first images of another dataset; see {@link Dataset#first(int)}. */
final class FirstImages extends DatasetView {

    private final int count;

    FirstImages(Dataset source, int count) {
        super(source);
        this.count = count;
    }

    @Override
    public String description() {
        return "the first " + count + " images of " + source.description();
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        source.copyImage(index, destination, offset);
    }
}
