package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Shape;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.FloatPointer;

/**
 * cuDNN's descriptors for batch normalisation of one input shape: the data {@code [N, C, H, W]} and the statistics
 * {@code [1, C, 1, 1]}.
 */
final class BatchNormDescriptors implements AutoCloseable {

    final cudnnTensorStruct data = new cudnnTensorStruct();
    final cudnnTensorStruct statistics = new cudnnTensorStruct();
    final FloatPointer one = new FloatPointer(1).put(0, 1f);
    final FloatPointer zero = new FloatPointer(1).put(0, 0f);
    private int created;

    BatchNormDescriptors(Shape input) {
        try {
            Status.cudnn("cudnnCreateTensorDescriptor", cudnn.cudnnCreateTensorDescriptor(data));
            created = 1;
            Status.cudnn("cudnnCreateTensorDescriptor", cudnn.cudnnCreateTensorDescriptor(statistics));
            created = 2;
            Status.cudnn("cudnnSetTensor4dDescriptor(batch norm input " + input + ")",
                    cudnn.cudnnSetTensor4dDescriptor(data, cudnn.CUDNN_TENSOR_NCHW, cudnn.CUDNN_DATA_FLOAT,
                            input.dim(0), input.dim(1), input.dim(2), input.dim(3)));
            Status.cudnn("cudnnSetTensor4dDescriptor(batch norm statistics)",
                    cudnn.cudnnSetTensor4dDescriptor(statistics, cudnn.CUDNN_TENSOR_NCHW, cudnn.CUDNN_DATA_FLOAT, 1,
                            input.dim(1), 1, 1));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        CudaException failure = null;
        if (created >= 2) {
            failure = Status.collectCudnn(failure, "cudnnDestroyTensorDescriptor",
                    cudnn.cudnnDestroyTensorDescriptor(statistics));
        }
        if (created >= 1) {
            failure = Status.collectCudnn(failure, "cudnnDestroyTensorDescriptor",
                    cudnn.cudnnDestroyTensorDescriptor(data));
        }
        created = 0;
        one.close();
        zero.close();
        if (failure != null) {
            throw failure;
        }
    }
}
