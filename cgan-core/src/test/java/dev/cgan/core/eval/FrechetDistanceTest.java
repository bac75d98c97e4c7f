package dev.cgan.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    /** Relative tolerance against closed forms and numpy: double precision, covariances of at most 300 samples. */
    private static final double RTOL = 1e-9;

    @Test
    void oneDimensionalGaussiansHaveTheClosedForm() {
        // FD(N(m1, v1), N(m2, v2)) = (m1 - m2)^2 + (sqrt(v1) - sqrt(v2))^2.
        double fd = FrechetDistance.between(new double[] {1.5}, new double[][] {{4.0}}, new double[] {-0.5},
                new double[][] {{9.0}});
        assertEquals(4.0 + 1.0, fd, 5.0 * RTOL);
    }

    @Test
    void diagonalCovariancesAddUpPerAxis() {
        double[][] s1 = {{1, 0, 0}, {0, 4, 0}, {0, 0, 0.25}};
        double[][] s2 = {{9, 0, 0}, {0, 4, 0}, {0, 0, 1}};
        double expected = (1 - 3) * (1 - 3) + 0 + (0.5 - 1) * (0.5 - 1) + 1.0;
        double fd = FrechetDistance.between(new double[] {0, 0, 1}, s1, new double[] {0, 0, 0}, s2);
        assertEquals(expected, fd, expected * RTOL);
    }

    @Test
    void rotatedCovarianceWithEqualSpectrumIsNotZero() {
        // S1 = diag(4, 1); S2 = the same rotated by 90 degrees = diag(1, 4): FD = 2 * (2 - 1)^2 = 2.
        double fd = FrechetDistance.between(new double[2], new double[][] {{4, 0}, {0, 1}}, new double[2],
                new double[][] {{1, 0}, {0, 4}});
        assertEquals(2.0, fd, 2.0 * RTOL);
    }

    @Test
    void aSetAgainstItselfIsZero() {
        Random r = new Random(3);
        double[][] x = new double[100][6];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() * (j + 1);
            }
        }
        assertEquals(0.0, FrechetDistance.between(x, x), 1e-9);
    }

    @Test
    void matchesNumpyOnStoredFeatureSets() throws IOException {
        List<String> checked = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("frechet_cases.txt")) {
            assertNotNull(in, "frechet_cases.txt (written by make_frechet_cases.py) is on the test class path");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header;
            while ((header = reader.readLine()) != null) {
                String[] h = header.split(" ");
                int n1 = Integer.parseInt(h[2]);
                int n2 = Integer.parseInt(h[3]);
                int d = Integer.parseInt(h[4]);
                double expected = Double.parseDouble(h[5]);
                double[][] a = rows(reader, n1, d);
                double[][] b = rows(reader, n2, d);
                // Singular covariances (fewer samples than features) have eigenvalues that are 0 up to rounding,
                // ~1e-14 of the scale; their square roots, ~1e-7, differ between any two correct methods.
                double rtol = h[1].equals("rank_deficient") ? 1e-7 : RTOL;
                assertEquals(expected, FrechetDistance.between(a, b), Math.abs(expected) * rtol, h[1]);
                checked.add(h[1]);
            }
        }
        assertEquals(List.of("small_independent", "correlated_16", "rank_deficient", "same_set_shifted"), checked);
    }

    @Test
    void jacobiReconstructsTheMatrix() {
        Random r = new Random(11);
        int n = 12;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        double[] w = e.values();
        double[][] v = e.vectors();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    sum += v[i][k] * w[k] * v[j][k];
                    dot += v[k][i] * v[k][j];
                }
                assertEquals(a[i][j], sum, 1e-12, "A = V diag(w) V^T at " + i + "," + j);
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, "V^T V = I at " + i + "," + j);
            }
        }
    }

    @Test
    void squareRootSquaresBack() {
        double[][] s = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
        double[][] root = SymmetricEigen.of(s).sqrtMatrix();
        double[][] back = FrechetDistance.multiply(root, root);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(s[i][j], back[i][j], 1e-12);
            }
        }
    }

    @Test
    void refusesTooFewSamplesAndMismatchedDimensions() {
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(new double[1][2],
                new double[3][2]));
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(new double[3][2],
                new double[3][3]));
    }

    private static double[][] rows(BufferedReader reader, int n, int d) throws IOException {
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            String[] parts = reader.readLine().split(" ");
            for (int j = 0; j < d; j++) {
                out[i][j] = Double.parseDouble(parts[j]);
            }
        }
        return out;
    }
}
