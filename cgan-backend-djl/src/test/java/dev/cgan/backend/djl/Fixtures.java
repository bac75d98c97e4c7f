package dev.cgan.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import java.util.SplittableRandom;

/** Shared test helpers: opening the backend and comparing float arrays with a stated tolerance. */
final class Fixtures {

    private Fixtures() {
    }

    /** The DJL backend on the CPU with two threads. */
    static ComputeContext cpu() {
        return new DjlBackend().open(Device.cpu(), new BackendOptions(2, false, false));
    }

    static float[] uniform(SplittableRandom random, int size, double low, double high) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (low + random.nextDouble() * (high - low));
        }
        return v;
    }

    /** |expected - actual| <= absolute + relative * |expected|, element-wise. */
    static void assertClose(String what, double[] expected, float[] actual, double absolute, double relative) {
        assertEquals(expected.length, actual.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            double bound = absolute + relative * Math.abs(expected[i]);
            double error = Math.abs(expected[i] - actual[i]);
            int at = i;
            assertTrue(error <= bound, () -> what + "[" + at + "] = " + actual[at] + ", expected " + expected[at]
                    + " (error " + error + " > " + bound + ")");
        }
    }

    static void assertClose(String what, float[] expected, float[] actual, double absolute, double relative) {
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        assertClose(what, e, actual, absolute, relative);
    }
}
