package dev.cgan.core.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.fakes.HostContext;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.Network;
import dev.cgan.core.model.StateNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DcganInitTest {

    private static final ModelSpec MODEL = ModelCatalog.dcgan32(10, 1);

    @Test
    void coversEveryParameterAndBufferInStateDictOrder() {
        Map<String, float[]> values = DcganInit.initialValues(MODEL.generator(), new SeededRandom(0));
        assertEquals(StateNames.of(MODEL.generator()), List.copyOf(values.keySet()));
    }

    @Test
    void convolutionWeightsAreNormalWithDeviationPointZeroTwo() {
        Map<String, float[]> g = DcganInit.initialValues(MODEL.generator(), new SeededRandom(1));
        Map<String, float[]> d = DcganInit.initialValues(MODEL.discriminator(), new SeededRandom(1));
        // generator.3.weight is a 256x128x4x4 transposed convolution: 524,288 values, standard error of std ~2e-5.
        assertMoments(g.get("generator.3.weight"), 0.0, 0.02, 1e-4);
        assertMoments(d.get("discriminator.0.weight"), 0.0, 0.02, 1e-3);
    }

    @Test
    void batchNormStartsAtGammaNearOneBetaZeroAndUnitRunningStatistics() {
        Map<String, float[]> g = DcganInit.initialValues(MODEL.generator(), new SeededRandom(2));
        float[] gamma = g.get("generator.1.weight");
        assertMoments(gamma, 1.0, 0.02, 0.006);
        assertArrayEquals(new float[gamma.length], g.get("generator.1.bias"));
        assertArrayEquals(new float[gamma.length], g.get("generator.1.running_mean"));
        float[] ones = new float[gamma.length];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, g.get("generator.1.running_var"));
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        Map<String, float[]> a = DcganInit.initialValues(MODEL.discriminator(), new SeededRandom(77));
        Map<String, float[]> b = DcganInit.initialValues(MODEL.discriminator(), new SeededRandom(77));
        a.forEach((name, v) -> assertArrayEquals(v, b.get(name), name));
    }

    @Test
    void applyUploadsTheComputedValuesIntoTheNetwork() {
        Network network = new Network(new HostContext(), MODEL.generator());
        DcganInit.apply(network, new SeededRandom(5));
        Map<String, float[]> expected = DcganInit.initialValues(MODEL.generator(), new SeededRandom(5));
        for (Map.Entry<String, Tensor> e : network.state().entrySet()) {
            assertArrayEquals(expected.get(e.getKey()), e.getValue().toFloatArray(), e.getKey());
        }
    }

    private static void assertMoments(float[] v, double mean, double std, double tolerance) {
        double m = 0;
        for (float x : v) {
            m += x;
        }
        m /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - m) * (x - m);
        }
        double s = Math.sqrt(var / v.length);
        assertEquals(mean, m, tolerance, "mean");
        assertEquals(std, s, tolerance, "standard deviation");
        assertTrue(v.length > 0);
    }
}
