package dev.cgan.bench;

import dev.cgan.api.ComputeContext;

/**
 * The CGAN iteration of {@link dev.cgan.core.train.CganStep} written directly on one engine, with no cgan API in
 * between, for {@link OverheadBenchmark} and {@link InterleavedOverhead}: same kernels, same weights, same batch.
 */
interface HandWrittenStep extends AutoCloseable {

    /** One iteration; returns D's plus G's loss, read back to the host. */
    double iterate();

    @Override
    void close();

    /**
     * The hand-written loop for the engine behind {@code context}, from {@code setup}'s model, batch and seed.
     *
     * @throws BenchmarkRefusedException for a backend without a hand-written loop
     */
    static HandWrittenStep on(ComputeContext context, TrainingSetup setup, long seed) {
        String backend = context.backend().name();
        return switch (backend) {
            case "djl" -> new HandWrittenDjlStep(BenchBackends.djlConvolution(context), setup.model, seed,
                    setup.realValues, setup.labelValues, setup.noiseValues, TrainStepBenchmark.BATCH);
            default -> throw new BenchmarkRefusedException("no hand-written loop for backend '" + backend
                    + "': the overhead benchmark runs on djl (nd4j's hand-written loop calls the backend's own "
                    + "kernels, so it lives in cgan-backend-nd4j's tests: Nd4jOverhead)");
        };
    }
}
