package dev.cgan.core.eval;

/**
 * The Fréchet distance between two Gaussians fitted to feature sets (Dowson and Landau, 1982; as FID, Heusel et al.,
 * 2017): {@code |mu1 - mu2|^2 + Tr(S1) + Tr(S2) - 2 Tr((S1^½ S2 S1^½)^½)}, in double precision.
 *
 * <p>The covariances are unbiased ({@code n - 1}), as numpy's {@code cov}. The trace term is computed from symmetric
 * matrices only: {@code S1^½} by a symmetric eigen-decomposition of {@code S1} (EJML), then the eigenvalues of the
 * symmetric {@code S1^½ S2 S1^½}, whose square roots sum to {@code Tr((S1^½ S2 S1^½)^½)} (equal to
 * {@code Tr((S1 S2)^½)}, the form FID code usually evaluates with a general matrix square root). Eigenvalues that
 * rounding makes slightly negative count as 0.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /**
     * The distance between the Gaussians of two feature sets, rows are samples.
     *
     * @throws IllegalArgumentException if a set has fewer than 2 rows or the feature counts differ
     */
    public static double between(double[][] a, double[][] b) {
        GaussianFit fa = GaussianFit.of(a);
        GaussianFit fb = GaussianFit.of(b);
        return between(fa.mean(), fa.covariance(), fb.mean(), fb.covariance());
    }

    /**
     * The distance between N(mu1, s1) and N(mu2, s2), for symmetric positive semi-definite covariances.
     *
     * @throws IllegalArgumentException if the dimensions differ
     */
    public static double between(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
        int d = mu1.length;
        if (mu2.length != d || s1.length != d || s2.length != d) {
            throw new IllegalArgumentException("Fréchet distance needs equal dimensions, got " + mu1.length + " and "
                    + mu2.length);
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        double[][] root1 = SymmetricEigen.of(s1).sqrtMatrix();
        double[][] middle = multiply(multiply(root1, s2), root1);
        double crossTrace = 0;
        for (double w : SymmetricEigen.of(middle).values()) {
            crossTrace += Math.sqrt(Math.max(w, 0));
        }
        double value = meanTerm + trace(s1) + trace(s2) - 2 * crossTrace;
        // Equal distributions give 0 up to rounding, which can make it a tiny negative number.
        return Math.max(value, 0);
    }

    static double trace(double[][] m) {
        double t = 0;
        for (int i = 0; i < m.length; i++) {
            t += m[i][i];
        }
        return t;
    }

    static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        int k = y.length;
        int m = y[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double xil = x[i][l];
                if (xil == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    out[i][j] += xil * y[l][j];
                }
            }
        }
        return out;
    }
}
