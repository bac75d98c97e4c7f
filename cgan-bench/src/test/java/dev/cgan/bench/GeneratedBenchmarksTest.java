package dev.cgan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.model.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The annotation processor generated every benchmark, and the work counted per iteration is the model's. */
class GeneratedBenchmarksTest {

    @Test
    void everyBenchmarkIsListedAndGenerated() throws IOException, ClassNotFoundException {
        String list;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: the JMH annotation processor did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String generated : List.of("TrainStepBenchmark_trainStep_jmhTest", "LayerBenchmark_forward_jmhTest",
                "LayerBenchmark_forwardBackward_jmhTest", "OverheadBenchmark_trainStep_jmhTest")) {
            String name = "dev.cgan.bench.jmh_generated." + generated;
            assertTrue(list.contains(name), "BenchmarkList lacks " + name);
            Class.forName(name);
        }
    }

    @Test
    void theSeedsDiscriminatorHasTheMacsOfItsConvolutions() {
        // dcgan64 D at batch 1, by hand: out·OH·OW·in·k² per convolution.
        long expected = 64L * 32 * 32 * 6 * 16 + 128L * 16 * 16 * 64 * 16 + 256L * 8 * 8 * 128 * 16
                + 512L * 4 * 4 * 256 * 16 + 1L * 1 * 1 * 512 * 16;
        assertEquals(expected, IterationWork.discriminatorMacs(ModelCatalog.dcgan64(3, 3), 1));
    }

    @Test
    void theSeedsGeneratorHasTheMacsOfItsTransposedConvolutions() {
        // dcgan64 G at batch 1, by hand: in·H·W·out·k² per transposed convolution (every input scattered k² times).
        long expected = 103L * 1 * 1 * 512 * 16 + 512L * 4 * 4 * 256 * 16 + 256L * 8 * 8 * 128 * 16
                + 128L * 16 * 16 * 64 * 16 + 64L * 32 * 32 * 3 * 16;
        assertEquals(expected, IterationWork.generatorMacs(ModelCatalog.dcgan64(3, 3), 1));
    }
}
