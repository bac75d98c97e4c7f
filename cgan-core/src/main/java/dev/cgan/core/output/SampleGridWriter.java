package dev.cgan.core.output;

import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.SampleGrid;
import dev.cgan.core.train.TrainingListener;

/**
 * Writes every sample grid the trainer generates to {@code samples/iter-NNNNNN.png}, and the last one again as
 * {@code samples/final.png} when the run ends, however it ends.
 */
public final class SampleGridWriter implements TrainingListener {

    private final RunDirectory dir;
    private SampleGrid last;

    /** Writes into {@code dir}'s {@code samples/} folder. */
    public SampleGridWriter(RunDirectory dir) {
        this.dir = dir;
    }

    @Override
    public void onSamples(SampleGrid samples) {
        SampleGridImage.write(samples, dir.sample(samples.iteration()));
        last = samples;
    }

    @Override
    public void onFinish(RunSummary summary) {
        if (last != null) {
            SampleGridImage.write(last, dir.finalSample());
        }
    }
}
