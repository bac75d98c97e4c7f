package dev.cgan.backend.jcuda;

/** A CUDA, cuBLAS, cuDNN or NVRTC call returned an error; the message names the call and the library's own words. */
final class CudaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CudaException(String message) {
        super(message);
    }
}
