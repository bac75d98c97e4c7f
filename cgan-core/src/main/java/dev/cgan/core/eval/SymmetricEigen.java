package dev.cgan.core.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigen-decomposition of a real symmetric matrix in double precision, {@code A = V diag(w) V^T} with orthonormal
 * {@code V}, by EJML's symmetric QR algorithm (Householder tridiagonalisation, then implicit QR steps). This class only
 * symmetrises and checks the input and forms the matrix square root the Fréchet distance needs.
 */
final class SymmetricEigen {

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
        DMatrixRMaj a = new DMatrixRMaj(n, n);
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
                a.set(i, j, v);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(a)) {
            throw new ArithmeticException("symmetric eigen-decomposition of a " + n + "x" + n
                    + " matrix did not converge");
        }
        double[] w = new double[n];
        double[][] v = new double[n][n];
        for (int k = 0; k < n; k++) {
            w[k] = eig.getEigenvalue(k).getReal();
            DMatrixRMaj column = eig.getEigenVector(k);
            for (int i = 0; i < n; i++) {
                v[i][k] = column.get(i, 0);
            }
        }
        return new SymmetricEigen(w, v);
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
