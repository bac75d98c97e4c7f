package dev.cgan.core.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeededRandomTest {

    @Test
    void nextLongIsSplitMix64() {
        // The JDK's SplittableRandom with its default gamma is SplitMix64 too: an independent reference.
        SplittableRandom reference = new SplittableRandom(42);
        SeededRandom random = new SeededRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(reference.nextLong(), random.nextLong(), "value " + i);
        }
    }

    @Test
    void sameSeedGivesSameStreamAndOtherSeedsDiffer() {
        assertArrayEquals(draw(new SeededRandom(7), 100), draw(new SeededRandom(7), 100));
        assertNotEquals(draw(new SeededRandom(7), 1)[0], draw(new SeededRandom(8), 1)[0]);
    }

    @Test
    void restoreContinuesExactlyWhereTheStateWasTaken() {
        SeededRandom random = new SeededRandom(123);
        draw(random, 17);
        random.nextGaussian();
        long state = random.state();
        double[] expected = mixedDraws(random);
        SeededRandom other = new SeededRandom(999);
        other.restore(state);
        assertArrayEquals(expected, mixedDraws(other));
    }

    @Test
    void floatsAndDoublesLieInTheUnitInterval() {
        SeededRandom random = new SeededRandom(1);
        for (int i = 0; i < 100_000; i++) {
            float f = random.nextFloat();
            double d = random.nextDouble();
            assertTrue(f >= 0f && f < 1f, "float " + f);
            assertTrue(d >= 0.0 && d < 1.0, "double " + d);
        }
    }

    @Test
    void gaussianHasStandardNormalMoments() {
        SeededRandom random = new SeededRandom(2024);
        int n = 400_000;
        double sum = 0;
        double sum2 = 0;
        double sum3 = 0;
        double sum4 = 0;
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            sum += x;
            sum2 += x * x;
            sum3 += x * x * x;
            sum4 += x * x * x * x;
        }
        double mean = sum / n;
        // Standard errors at n = 400k: mean 0.0016, variance 0.0022, skewness 0.004, kurtosis 0.008; allow ~4 of them.
        assertEquals(0.0, mean, 0.007, "mean");
        assertEquals(1.0, sum2 / n - mean * mean, 0.01, "variance");
        assertEquals(0.0, sum3 / n, 0.02, "third moment");
        assertEquals(3.0, sum4 / n, 0.04, "fourth moment");
    }

    @Test
    void scaledGaussianHasTheRequestedMeanAndDeviation() {
        SeededRandom random = new SeededRandom(5);
        float[] v = new float[200_000];
        random.fillGaussian(v, 1.0, 0.02);
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        assertEquals(1.0, mean, 0.0002, "mean");
        assertEquals(0.02, Math.sqrt(var / v.length), 0.0002, "standard deviation");
    }

    @Test
    void nextIntIsInRangeAndRoughlyUniform() {
        SeededRandom random = new SeededRandom(9);
        int bound = 10;
        int n = 200_000;
        int[] counts = new int[bound];
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(bound);
            assertTrue(k >= 0 && k < bound);
            counts[k]++;
        }
        double expected = (double) n / bound;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 9 degrees of freedom: P(chi2 > 27.9) = 0.001.
        assertTrue(chi2 < 27.9, "chi-square " + chi2);
        assertEquals(0, random.nextInt(1));
        assertThrows(IllegalArgumentException.class, () -> random.nextInt(0));
    }

    @Test
    void nextIntHandlesTheLargestBound() {
        SeededRandom random = new SeededRandom(3);
        for (int i = 0; i < 1000; i++) {
            int k = random.nextInt(Integer.MAX_VALUE);
            assertTrue(k >= 0 && k < Integer.MAX_VALUE);
        }
    }

    @Test
    void forksAreDeterministicAndIndependentOfEachOther() {
        SeededRandom a = new SeededRandom(11);
        SeededRandom b = new SeededRandom(11);
        SeededRandom a1 = a.fork();
        SeededRandom a2 = a.fork();
        assertArrayEquals(draw(a1, 50), draw(b.fork(), 50));
        assertArrayEquals(draw(a2, 50), draw(b.fork(), 50));
        assertNotEquals(draw(new SeededRandom(11).fork(), 1)[0], draw(a2, 1)[0]);
    }

    private static long[] draw(SeededRandom random, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextLong();
        }
        return out;
    }

    private static double[] mixedDraws(SeededRandom random) {
        return new double[] {random.nextLong(), random.nextFloat(), random.nextGaussian(), random.nextInt(1000),
                random.nextDouble()};
    }
}
