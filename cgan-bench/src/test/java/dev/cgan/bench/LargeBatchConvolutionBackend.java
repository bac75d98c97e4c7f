package dev.cgan.bench;

/**
 * A wrong backend that every small-batch conformance case accepts: djl with Conv2d doubled only on batches of 64 or
 * more, the size the benchmarks time. Only the timed-shape check ({@link TimedShapeCheck}) can refuse it.
 */
public final class LargeBatchConvolutionBackend extends DoubledConvolutionBackend {

    static final String NAME = "doubled-conv-b64";

    public LargeBatchConvolutionBackend() {
        super(NAME, TimedShapeCheck.BATCH);
    }
}
