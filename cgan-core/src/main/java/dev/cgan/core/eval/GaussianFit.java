package dev.cgan.core.eval;

/**
 * Mean and unbiased covariance of a feature set (rows are samples), in double precision.
 *
 * @param mean       the per-feature mean
 * @param covariance {@code sum (x - mean)(x - mean)^T / (n - 1)}
 */
public record GaussianFit(double[] mean, double[][] covariance) {

    /**
     * Fits {@code rows}.
     *
     * @throws IllegalArgumentException if there are fewer than 2 rows or rows of different lengths
     */
    public static GaussianFit of(double[][] rows) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + n);
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            if (r.length != d) {
                throw new IllegalArgumentException("feature rows differ in length: " + r.length + " and " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                c[j] = r[j] - mean[j];
            }
            for (int i = 0; i < d; i++) {
                double ci = c[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += ci * c[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= n - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return new GaussianFit(mean, cov);
    }
}
