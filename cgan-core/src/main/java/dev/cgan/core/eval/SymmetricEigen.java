package dev.cgan.core.eval;

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method, in double precision: {@code A = V diag(w)
 * V^T} with orthonormal {@code V}. Each rotation zeroes one off-diagonal entry; sweeps repeat until the off-diagonal
 * mass is below {@code 1e-15} of the matrix's Frobenius norm (quadratic convergence: about ten sweeps for the 128×128
 * covariances of the evaluation).
 */
final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;
    private static final double RELATIVE_OFF_DIAGONAL = 1e-15;

    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes {@code matrix} (square; only its symmetric part {@code (A + A^T) / 2} is used; not modified).
     *
     * @throws IllegalArgumentException if it is not square or holds a non-finite value
     * @throws ArithmeticException      if the iteration does not converge
     */
    static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix must be square, row " + i + " has " + matrix[i].length
                        + " entries for " + n + " rows");
            }
            for (int j = 0; j < n; j++) {
                double v = 0.5 * (matrix[i][j] + matrix[j][i]);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("matrix holds a non-finite value at (" + i + ", " + j + ")");
                }
                a[i][j] = v;
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1.0;
        }
        double norm = 0;
        for (double[] row : a) {
            for (double x : row) {
                norm += x * x;
            }
        }
        double threshold = RELATIVE_OFF_DIAGONAL * RELATIVE_OFF_DIAGONAL * norm;
        for (int sweep = 0; ; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += 2 * a[p][q] * a[p][q];
                }
            }
            if (off <= threshold || off == 0) {
                break;
            }
            if (sweep == MAX_SWEEPS) {
                throw new ArithmeticException("Jacobi eigen-decomposition did not converge in " + MAX_SWEEPS
                        + " sweeps");
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, v, p, q);
                }
            }
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = a[i][i];
        }
        return new SymmetricEigen(w, v);
    }

    /** Applies the Jacobi rotation that zeroes {@code a[p][q]} to {@code a} (both sides) and to {@code v}. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double apq = a[p][q];
        if (apq == 0) {
            return;
        }
        // The rotation angle t = tan(theta) solves t^2 + 2 t theta' - 1 = 0 with theta' = (a_qq - a_pp) / (2 a_pq);
        // the smaller root keeps the rotation under 45 degrees (Golub & Van Loan, Algorithm 8.5.1).
        double theta = (a[q][q] - a[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0;
        a[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** The eigenvalues {@code w_i}, in no particular order. */
    double[] values() {
        return values.clone();
    }

    /** Column {@code i} of {@code V} is the eigenvector of {@code w_i}. */
    double[][] vectors() {
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        return copy;
    }

    /**
     * {@code V diag(f(w)) V^T} with {@code f(w) = sqrt(max(w, 0))}: the principal square root of a symmetric
     * positive semi-definite matrix (eigenvalues that rounding made slightly negative count as 0).
     */
    double[][] sqrtMatrix() {
        int n = values.length;
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = Math.sqrt(Math.max(values[i], 0));
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += vectors[i][k] * f[k] * vectors[j][k];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }
}
