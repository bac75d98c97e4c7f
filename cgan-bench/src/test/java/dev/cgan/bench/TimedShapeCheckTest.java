package dev.cgan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.RequiredBackends;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.TrainingConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The check at the timed shape: each CPU engine's first iteration at batch 64 matches PyTorch's float32 run of the same
 * weights and batch, and a wrong engine or a wrong update does not. Nothing is timed.
 */
class TimedShapeCheckTest {

    @ParameterizedTest
    @CsvSource({"djl, dcgan32", "djl, dcgan64", "nd4j, dcgan32", "nd4j, dcgan64", "onednn, dcgan32",
            "onednn, dcgan64"})
    void everyEngineMatchesPyTorchAtTheTimedShape(String engine, String model) {
        RequiredBackends.check(engine, named(engine));
        assumeTrue(BenchBackends.availableNames().contains(engine), engine + " is not available here");
        try (ComputeContext context = BenchBackends.open(engine)) {
            List<StepLosses> losses = TimedShapeCheck.run(context, model, TrainingConfig.DCGAN_ADAM);
            System.out.println("# " + engine + " " + model + " at batch 64: " + losses);
            assertEquals(1, losses.size());
            assertNull(TimedShapeCheck.compare(model, losses));
        }
    }

    @Test
    void aBackendWrongOnlyAtBatch64IsRefusedBeforeTiming() {
        assumeTrue(BenchBackends.availableNames().contains("djl"), "djl is not available here");
        TrainStepBenchmark benchmark = new TrainStepBenchmark();
        benchmark.backend = LargeBatchConvolutionBackend.NAME;
        benchmark.model = "dcgan32";
        try {
            BenchmarkRefusedException refused = assertThrows(BenchmarkRefusedException.class, benchmark::open);
            // The small-batch conformance cases pass (the fault needs 64 samples); the timed shape does not.
            assertTrue(refused.getMessage().contains("on dcgan32 at batch 64: iteration 1's"), refused.getMessage());
        } finally {
            benchmark.close();
        }
    }

    @Test
    void halfTheLearningRateOfDIsCaughtInGsLoss() {
        assumeTrue(BenchBackends.availableNames().contains("djl"), "djl is not available here");
        OptimizerSpec.Adam dcgan = TrainingConfig.DCGAN_ADAM;
        OptimizerSpec halved = new OptimizerSpec.Adam(dcgan.lr() / 2, dcgan.beta1(), dcgan.beta2(), dcgan.eps());
        try (ComputeContext context = BenchBackends.open("djl")) {
            String problem = TimedShapeCheck.compare("dcgan32", TimedShapeCheck.run(context, "dcgan32", halved));
            assertNotNull(problem);
            assertTrue(problem.startsWith("iteration 1's loss_g"), problem);
        }
    }

    @Test
    void theFirstFigureOffPyTorchsIsNamed() {
        // PyTorch's float32 figures for dcgan32 (timed-shape-reference.json) but for d_fake.
        List<StepLosses> exact = List.of(new StepLosses(1.5718872547149658, 0.9942340850830078, 0.4465499520301819,
                0.5));
        String problem = TimedShapeCheck.compare("dcgan32", exact);
        assertNotNull(problem);
        assertTrue(problem.startsWith("iteration 1's d_fake"), problem);
    }

    private static Optional<Backend> named(String name) {
        return BackendRegistry.load().all().stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
