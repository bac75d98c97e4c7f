package dev.cgan.backend.jcuda;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudnn;

/**
 * Which math the libraries may use. By default none that rounds differently from float32: cuBLAS in pedantic mode
 * (no TF32, no reduced-precision reductions) and cuDNN restricted to FMA kernels (its default math would allow TF32
 * tensor cores on Ampere and newer). With {@code allowTf32} both may use TF32 tensor cores: faster, about 1e-3
 * relative error, outside the conformance tolerances.
 */
final class MathModes {

    private MathModes() {
    }

    static int cublas(boolean allowTf32) {
        return allowTf32 ? cublas.CUBLAS_TF32_TENSOR_OP_MATH : cublas.CUBLAS_PEDANTIC_MATH;
    }

    /** The cuDNN math type a convolution is described with, and the only one accepted from its heuristics. */
    static int cudnn(boolean allowTf32) {
        return allowTf32 ? cudnn.CUDNN_TENSOR_OP_MATH : cudnn.CUDNN_FMA_MATH;
    }

    /** Whether an algorithm the heuristics propose with {@code mathType} is acceptable. */
    static boolean acceptable(int mathType, boolean allowTf32) {
        return allowTf32 || mathType == cudnn.CUDNN_FMA_MATH;
    }
}
