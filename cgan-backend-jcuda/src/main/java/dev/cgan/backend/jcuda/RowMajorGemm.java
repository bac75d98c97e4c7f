package dev.cgan.backend.jcuda;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Row-major matrix products on column-major cuBLAS. A row-major {@code [r, c]} matrix is, in the same memory, the
 * column-major {@code [c, r]} matrix — its transpose — so {@code C = op(A) op(B)} in row-major is computed as
 * {@code C^T = op(B)^T op(A)^T} in column-major: swap the operands, keep the transpose flags, and every leading
 * dimension is the row-major column count.
 *
 * @param m rows of {@code C} (and of {@code op(A)})
 * @param n columns of {@code C} (and of {@code op(B)})
 * @param k the shared dimension
 * @param transposeA whether {@code op(A) = A^T} (A stored row-major as {@code [k, m]}, else {@code [m, k]})
 * @param transposeB whether {@code op(B) = B^T} (B stored row-major as {@code [n, k]}, else {@code [k, n]})
 */
record RowMajorGemm(int m, int n, int k, boolean transposeA, boolean transposeB) {

    /** The column-major {@code cublasSgemm} arguments in order: opFirst, opSecond, M, N, K, ldFirst, ldSecond, ldc. */
    int[] cublasArguments() {
        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        return new int[] {transposeB ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N,
                transposeA ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N, n, m, k, ldb, lda, n};
    }

    /** {@code C = alpha * op(A) op(B) + beta * C}, all row-major, on the context's cuBLAS handle. */
    void run(CudaContext context, CudaTensor a, CudaTensor b, CudaTensor c, float beta) {
        int[] g = cublasArguments();
        try (FloatPointer alpha = new FloatPointer(1).put(0, 1f);
                FloatPointer betaValue = new FloatPointer(1).put(0, beta)) {
            OpTimer.time("sgemm " + this, () -> Status.cublas("cublasSgemm " + this, cublas.cublasSgemm_v2(
                    context.cublasHandle(), g[0], g[1], g[2], g[3], g[4], alpha, b.floats(), g[5], a.floats(), g[6],
                    betaValue, c.floats(), g[7])));
        }
    }
}
