package dev.cgan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.RequiredBackends;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two loops the overhead benchmark times compute the same thing: from the same seed, cgan's API and the
 * hand-written loop on the same engine give the same D+G losses over the first iterations (within
 * {@link LoopAgreement#LOSS_RTOL}), and a hand-written loop that starts elsewhere is refused. Nothing is timed.
 */
class OverheadLoopsTest {

    private static final long SEED = 42;

    @ParameterizedTest
    @ValueSource(strings = {"djl"})
    void theHandWrittenLoopComputesTheApisLosses(String engine) {
        RequiredBackends.check(engine, named(engine));
        assumeTrue(BenchBackends.availableNames().contains(engine), engine + " is not available here");
        try (ComputeContext context = BenchBackends.open(engine)) {
            TrainingSetup setup = new TrainingSetup(context, "dcgan32", TrainStepBenchmark.BATCH, SEED);
            try (HandWrittenStep hand = HandWrittenStep.on(context, setup, SEED)) {
                LoopAgreement.Losses losses = LoopAgreement.run(setup, hand);
                System.out.println("# " + engine + ": " + losses);
                for (int i = 0; i < LoopAgreement.ITERATIONS; i++) {
                    double api = losses.api()[i];
                    assertTrue(Double.isFinite(api), "iteration " + (i + 1) + " through the API: " + api);
                    assertEquals(api, losses.handWritten()[i], LoopAgreement.LOSS_RTOL * Math.abs(api),
                            "iteration " + (i + 1) + "'s D+G loss, hand-written vs API");
                }
                // The weights moved between the iterations compared, so the second one checks the updates too.
                assertNotEquals(losses.api()[0], losses.api()[1]);
            }
        }
    }

    @Test
    void loopsFromDifferentWeightsAreRefused() {
        RequiredBackends.check("djl", named("djl"));
        assumeTrue(BenchBackends.availableNames().contains("djl"), "djl is not available here");
        try (ComputeContext context = BenchBackends.open("djl")) {
            TrainingSetup setup = new TrainingSetup(context, "dcgan32", TrainStepBenchmark.BATCH, SEED);
            try (HandWrittenStep otherWeights = HandWrittenStep.on(context, setup, SEED + 1)) {
                BenchmarkRefusedException refused = assertThrows(BenchmarkRefusedException.class,
                        () -> LoopAgreement.require(setup, otherWeights));
                assertTrue(refused.getMessage().contains("refusing to compare loops"), refused.getMessage());
            }
        }
    }

    private static Optional<Backend> named(String name) {
        return BackendRegistry.load().all().stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
