package dev.cgan.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The benchmarks refuse to time a backend whose results differ from PyTorch's, and time one whose results match.
 * The wrong backend is djl with doubled Conv2d outputs ({@link DoubledConvolutionBackend}); nothing here is timed.
 */
class ReferenceCheckTest {

    @Test
    void theLayerBenchmarkRefusesAWrongConvolution() {
        LayerBenchmark benchmark = new LayerBenchmark();
        benchmark.backend = DoubledConvolutionBackend.NAME;
        benchmark.layer = "discriminator.2";
        try {
            BenchmarkRefusedException refused = assertThrows(BenchmarkRefusedException.class, benchmark::open);
            assertTrue(refused.getMessage().contains("refusing to time backend 'doubled-conv' on Conv2d"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("conformance case conv2d_"), refused.getMessage());
        } finally {
            benchmark.close();
        }
    }

    @Test
    void theTrainStepBenchmarkRefusesABackendWithAWrongConvolution() {
        TrainStepBenchmark benchmark = new TrainStepBenchmark();
        benchmark.backend = DoubledConvolutionBackend.NAME;
        benchmark.model = "dcgan32";
        try {
            BenchmarkRefusedException refused = assertThrows(BenchmarkRefusedException.class, benchmark::open);
            // The discriminator is where the convolutions are; the generator (transposed convolutions) is right.
            assertTrue(refused.getMessage().contains("conformance case dcgan32_discriminator"), refused.getMessage());
        } finally {
            benchmark.close();
        }
    }

    @Test
    void theUnalteredBackendIsTimed() {
        LayerBenchmark benchmark = new LayerBenchmark();
        benchmark.backend = "djl";
        benchmark.layer = "discriminator.2";
        try {
            assertDoesNotThrow(benchmark::open);
            // One forward pass at the seed's shape runs (its value is whatever the random weights give).
            assertTrue(Float.isFinite(benchmark.forward()));
        } finally {
            benchmark.close();
        }
    }

    @Test
    void theTransposedConvolutionOfTheWrongBackendIsNotRefused() {
        // The check is specific: only the layer type that is timed is checked, and djl's ConvTranspose2d is right.
        LayerBenchmark benchmark = new LayerBenchmark();
        benchmark.backend = DoubledConvolutionBackend.NAME;
        benchmark.layer = "generator.6";
        try {
            assertDoesNotThrow(benchmark::open);
        } finally {
            benchmark.close();
        }
    }
}
