package dev.cgan.core.data;

import dev.cgan.core.init.SeededRandom;

/**
 * Yields a dataset's images in seeded random batches: each epoch is a fresh Fisher-Yates shuffle of all indices drawn
 * from the sampler's own random stream, cut into batches of {@code batchSize}; the incomplete remainder of each epoch
 * is dropped (as PyTorch's {@code DataLoader(drop_last=True)}), so every batch has the same size and BatchNorm sees
 * comparable statistics.
 *
 * <p>The position is resumable: {@link #state()} and {@link #restore(SamplerState)} continue with exactly the batches
 * an uninterrupted run would have seen.
 */
public final class BatchSampler {

    private final Dataset dataset;
    private final int batchSize;
    private final SeededRandom random;
    private final int[] permutation;
    private int epoch;
    private int position;
    private long epochRandomState;

    /**
     * A sampler that owns {@code random} (nothing else may draw from it, or resuming would diverge).
     *
     * @throws DatasetException if the dataset holds fewer images than one batch
     */
    public BatchSampler(Dataset dataset, int batchSize, SeededRandom random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (batchSize > dataset.size()) {
            throw new DatasetException("batch size " + batchSize + " is larger than the dataset ("
                    + dataset.size() + " images: " + dataset.description() + "); use a smaller batch size");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.random = random;
        this.permutation = new int[dataset.size()];
        this.epochRandomState = random.state();
    }

    /** Full batches per epoch. */
    public int batchesPerEpoch() {
        return dataset.size() / batchSize;
    }

    /** Images per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The next batch, starting a new epoch (and shuffle) when the current one has no full batch left. */
    public Batch next() {
        if (epoch == 0 || position + batchSize > permutation.length) {
            epochRandomState = random.state();
            shuffle();
            epoch++;
            position = 0;
        }
        int length = dataset.imageLength();
        float[] images = new float[batchSize * length];
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            int index = permutation[position + i];
            dataset.copyImage(index, images, i * length);
            labels[i] = dataset.label(index);
        }
        position += batchSize;
        return new Batch(images, labels, epoch);
    }

    /** The current position, to store in a checkpoint. */
    public SamplerState state() {
        return new SamplerState(epoch, position, epoch == 0 ? random.state() : epochRandomState);
    }

    /**
     * Continues from a state returned by {@link #state()} of a sampler over the same dataset with the same batch size.
     *
     * @throws IllegalArgumentException if the position does not fit this dataset and batch size
     */
    public void restore(SamplerState state) {
        if (state.position() > permutation.length || state.position() % batchSize != 0
                || (state.epoch() == 0 && state.position() != 0)) {
            throw new IllegalArgumentException("sampler position " + state.position() + " of epoch " + state.epoch()
                    + " does not fit " + permutation.length + " images in batches of " + batchSize);
        }
        random.restore(state.epochRandomState());
        epochRandomState = state.epochRandomState();
        epoch = state.epoch();
        position = state.position();
        if (epoch > 0) {
            // Re-drawing the shuffle also leaves the stream exactly where the original run left it.
            shuffle();
        }
    }

    private void shuffle() {
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        for (int i = permutation.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
    }
}
