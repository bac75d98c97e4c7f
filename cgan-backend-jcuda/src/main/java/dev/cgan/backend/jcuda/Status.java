package dev.cgan.backend.jcuda;

import java.util.function.IntFunction;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.BytePointer;

/**
 * Turns the status codes of every library this backend calls into exceptions that name the call and say what the
 * library says, e.g. {@code cudnnConvolutionForward failed: CUDNN_STATUS_BAD_PARAM (3)}. No return code is ignored.
 */
final class Status {

    private Status() {
    }

    /** CUDA runtime API ({@code cudaError_t}, 0 is success). */
    static void cuda(String call, int code) {
        if (code != 0) {
            throw failure(call, code, c -> text(cudart.cudaGetErrorString(c)));
        }
    }

    /** CUDA driver API ({@code CUresult}, 0 is success). */
    static void driver(String call, int code) {
        if (code != 0) {
            throw failure(call, code, c -> {
                try (BytePointer message = new BytePointer()) {
                    int rc = cudart.cuGetErrorString(c, message);
                    return rc == 0 && !message.isNull() ? message.getString() : "unknown driver error";
                }
            });
        }
    }

    /** cuBLAS ({@code cublasStatus_t}). */
    static void cublas(String call, int code) {
        if (code != cublas.CUBLAS_STATUS_SUCCESS) {
            throw failure(call, code, c -> text(cublas.cublasGetStatusString(c)));
        }
    }

    /** cuDNN ({@code cudnnStatus_t}). */
    static void cudnn(String call, int code) {
        if (code != cudnn.CUDNN_STATUS_SUCCESS) {
            throw failure(call, code, c -> text(cudnn.cudnnGetErrorString(c)));
        }
    }

    /** NVRTC ({@code nvrtcResult}); {@code log} is the compiler's output, appended when not blank. */
    static void nvrtc(String call, int code, String log) {
        if (code != nvrtc.NVRTC_SUCCESS) {
            CudaException e = failure(call, code, c -> text(nvrtc.nvrtcGetErrorString(c)));
            if (log != null && !log.isBlank()) {
                throw new CudaException(e.getMessage() + System.lineSeparator() + log.strip());
            }
            throw e;
        }
    }

    /**
     * For release paths that must go on after a failure: the earlier failure if there is one, else this call's
     * failure (or null when it succeeded). The caller throws what remains once everything is released.
     */
    static CudaException collectCudnn(CudaException earlier, String call, int code) {
        if (earlier != null || code == cudnn.CUDNN_STATUS_SUCCESS) {
            return earlier;
        }
        return failure(call, code, c -> text(cudnn.cudnnGetErrorString(c)));
    }

    /** The message for a failed call; the library's own text is looked up defensively, it must not hide the code. */
    static CudaException failure(String call, int code, IntFunction<String> describe) {
        String text;
        try {
            text = describe.apply(code);
        } catch (RuntimeException | LinkageError e) {
            text = "no description (" + e.getClass().getSimpleName() + ")";
        }
        return new CudaException(message(call, code, text));
    }

    static String message(String call, int code, String text) {
        return call + " failed: " + (text == null || text.isBlank() ? "error" : text.strip()) + " (" + code + ")";
    }

    private static String text(BytePointer p) {
        return p == null || p.isNull() ? null : p.getString();
    }
}
