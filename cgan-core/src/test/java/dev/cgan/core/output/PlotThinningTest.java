package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A long run is handed to the chart library thinned, without losing what a pixel column would show. */
class PlotThinningTest {

    @Test
    void aShortLineIsLeftAlone() {
        double[] xs = {1, 2, 3};
        double[] ys = {0.5, 2, 1};
        double[][] thinned = PlotPanel.thin(xs, ys, 1, 3, 100);
        assertArrayEquals(xs, thinned[0]);
        assertArrayEquals(ys, thinned[1]);
    }

    @Test
    void eachColumnKeepsItsFirstLowestHighestAndLastPointInOrder() {
        int n = 10_000;
        int columns = 50;
        double[] xs = new double[n];
        double[] ys = new double[n];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            xs[i] = i + 1;
            ys[i] = random.nextGaussian();
        }
        ys[4321] = 40; // a spike the plot must still show
        ys[9876] = -40;

        double[][] thinned = PlotPanel.thin(xs, ys, 1, n, columns);

        assertTrue(thinned[0].length <= 4 * columns, thinned[0].length + " points for " + columns + " columns");
        assertEquals(1, thinned[0][0]);
        assertEquals(n, thinned[0][thinned[0].length - 1]);
        double[] sortedX = thinned[0].clone();
        Arrays.sort(sortedX);
        assertArrayEquals(sortedX, thinned[0], "points stay in iteration order");
        assertEquals(40, Arrays.stream(thinned[1]).max().orElseThrow());
        assertEquals(-40, Arrays.stream(thinned[1]).min().orElseThrow());
        for (int c = 0; c < columns; c++) {
            // Every column's own extremes survive, not only the global ones.
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double keptLo = Double.POSITIVE_INFINITY;
            double keptHi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (Math.min(columns - 1, (long) Math.floor((xs[i] - 1) / (n - 1) * columns)) == c) {
                    lo = Math.min(lo, ys[i]);
                    hi = Math.max(hi, ys[i]);
                }
            }
            for (int i = 0; i < thinned[0].length; i++) {
                if (Math.min(columns - 1, (long) Math.floor((thinned[0][i] - 1) / (n - 1) * columns)) == c) {
                    keptLo = Math.min(keptLo, thinned[1][i]);
                    keptHi = Math.max(keptHi, thinned[1][i]);
                }
            }
            assertEquals(lo, keptLo, "lowest point of column " + c);
            assertEquals(hi, keptHi, "highest point of column " + c);
        }
    }
}
