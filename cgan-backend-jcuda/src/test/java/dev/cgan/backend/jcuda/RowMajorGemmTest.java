package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.bytedeco.cuda.global.cublas;
import org.junit.jupiter.api.Test;

/**
 * The row-major to column-major mapping of the linear layer's three products, checked by running the exact arguments
 * it gives cuBLAS through a column-major SGEMM written from the BLAS definition, against row-major products computed
 * directly.
 */
class RowMajorGemmTest {

    private final Random random = new Random(7);

    @Test
    void forwardAndBothGradientsOfALinearLayer() {
        int n = 4;
        int in = 7;
        int out = 5;
        float[] x = random(n * in);
        float[] w = random(out * in);
        float[] dy = random(n * out);
        // y = x W^T
        assertArrayEquals(product(x, n, in, false, w, out, in, true), viaCublas(new RowMajorGemm(n, out, in, false,
                true), x, w), 1e-5f);
        // dx = dy W
        assertArrayEquals(product(dy, n, out, false, w, out, in, false), viaCublas(new RowMajorGemm(n, in, out,
                false, false), dy, w), 1e-5f);
        // dW = dy^T x
        assertArrayEquals(product(dy, n, out, true, x, n, in, false), viaCublas(new RowMajorGemm(out, in, n, true,
                false), dy, x), 1e-5f);
    }

    private float[] random(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** op(A) op(B) for row-major A [ra, ca] and B [rb, cb]. */
    private static float[] product(float[] a, int ra, int ca, boolean ta, float[] b, int rb, int cb, boolean tb) {
        int m = ta ? ca : ra;
        int k = ta ? ra : ca;
        int n = tb ? rb : cb;
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * ca + i] : a[i * ca + p];
                    double bv = tb ? b[j * cb + p] : b[p * cb + j];
                    s += av * bv;
                }
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    /** The product as cublasSgemm computes it from the mapping's arguments (B's memory first, then A's). */
    private static float[] viaCublas(RowMajorGemm gemm, float[] a, float[] b) {
        int[] g = gemm.cublasArguments();
        float[] c = new float[gemm.m() * gemm.n()];
        columnMajorSgemm(g[0] == cublas.CUBLAS_OP_T, g[1] == cublas.CUBLAS_OP_T, g[2], g[3], g[4], b, g[5], a, g[6],
                c, g[7]);
        return c;
    }

    /** C = op(A) op(B), column-major, with leading dimensions: the BLAS definition. */
    private static void columnMajorSgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int lda, float[] b,
                                         int ldb, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p + i * lda] : a[i + p * lda];
                    double bv = tb ? b[j + p * ldb] : b[p + j * ldb];
                    s += av * bv;
                }
                c[i + j * ldc] = (float) s;
            }
        }
    }
}
