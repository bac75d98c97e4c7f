package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.ConvolutionShape;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdDataAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdFilterAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionFwdAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionStruct;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * cuDNN's descriptors for one layer's {@link ConvolutionShape} (as cuDNN's {@link ConvGeometry}) and the algorithm
 * chosen for each direction (chosen on first use: a convolution layer runs forward, backward-data and backward-filter;
 * a transposed one backward-data, forward and backward-filter). Layers keep one plan per input shape; the context frees
 * them.
 */
final class ConvolutionPlan implements AutoCloseable {

    /**
     * {@code -Dcgan.jcuda.measureAlgorithms=true}: choose each convolution's algorithm by timing the candidates
     * ({@code cudnnFind*}, as PyTorch's {@code cudnn.benchmark}) instead of taking cuDNN's heuristic ranking. Still only
     * deterministic algorithms of the allowed math types, but which one wins can differ from run to run, and with it
     * the last bits of the results.
     */
    static final String MEASURE_PROPERTY = "cgan.jcuda.measureAlgorithms";

    private static final boolean MEASURE = Boolean.getBoolean(MEASURE_PROPERTY);

    /** See {@link #useGemmBackwardData()}. */
    static final String BACKWARD_DATA_PROPERTY = "cgan.jcuda.backwardData";

    private static final String BACKWARD_DATA = System.getProperty(BACKWARD_DATA_PROPERTY, "auto");

    /** The largest column buffer the cuBLAS input gradient may use (beyond it, cuDNN's in-place algorithms). */
    private static final long MAX_GEMM_BYTES = 1L << 30;

    private final CudaContext context;
    private final ConvolutionShape shape;
    private final ConvGeometry geometry;
    private final cudnnTensorStruct inputDesc = new cudnnTensorStruct();
    private final cudnnTensorStruct outputDesc = new cudnnTensorStruct();
    private final cudnnFilterStruct filterDesc = new cudnnFilterStruct();
    private final cudnnConvolutionStruct convDesc = new cudnnConvolutionStruct();
    private final FloatPointer one = new FloatPointer(1).put(0, 1f);
    private final FloatPointer zero = new FloatPointer(1).put(0, 0f);
    private AlgorithmChoice.Choice forward;
    private AlgorithmChoice.Choice backwardData;
    private AlgorithmChoice.Choice backwardFilter;
    // Each direction's workspace size, queried once with its algorithm (the plan's shapes never change).
    private long forwardBytes;
    private long backwardDataBytes;
    private long backwardFilterBytes;
    // Names for errors and the profile, built once rather than on every call.
    private final String forwardCall;
    private final String backwardDataCall;
    private final String backwardFilterCall;
    private final String gemmCall;
    private int created;

    ConvolutionPlan(CudaContext context, ConvolutionShape shape) {
        ConvGeometry g = ConvGeometry.of(shape);
        this.context = context;
        this.shape = shape;
        this.geometry = g;
        this.forwardCall = "cudnnConvolutionForward " + g;
        this.backwardDataCall = "cudnnConvolutionBackwardData " + g;
        this.backwardFilterCall = "cudnnConvolutionBackwardFilter " + g;
        this.gemmCall = "cublasSgemmStridedBatched (input gradient) " + g;
        try {
            Status.cudnn("cudnnCreateTensorDescriptor", cudnn.cudnnCreateTensorDescriptor(inputDesc));
            created = 1;
            Status.cudnn("cudnnCreateTensorDescriptor", cudnn.cudnnCreateTensorDescriptor(outputDesc));
            created = 2;
            Status.cudnn("cudnnCreateFilterDescriptor", cudnn.cudnnCreateFilterDescriptor(filterDesc));
            created = 3;
            Status.cudnn("cudnnCreateConvolutionDescriptor", cudnn.cudnnCreateConvolutionDescriptor(convDesc));
            created = 4;
            Status.cudnn("cudnnSetTensor4dDescriptor(input " + g.inputShape() + ")",
                    cudnn.cudnnSetTensor4dDescriptor(inputDesc, cudnn.CUDNN_TENSOR_NCHW, cudnn.CUDNN_DATA_FLOAT,
                            g.batch(), g.inChannels(), g.inHeight(), g.inWidth()));
            Status.cudnn("cudnnSetTensor4dDescriptor(output " + g.outputShape() + ")",
                    cudnn.cudnnSetTensor4dDescriptor(outputDesc, cudnn.CUDNN_TENSOR_NCHW, cudnn.CUDNN_DATA_FLOAT,
                            g.batch(), g.outChannels(), g.outHeight(), g.outWidth()));
            Status.cudnn("cudnnSetFilter4dDescriptor(" + g.filterShape() + ")",
                    cudnn.cudnnSetFilter4dDescriptor(filterDesc, cudnn.CUDNN_DATA_FLOAT, cudnn.CUDNN_TENSOR_NCHW,
                            g.outChannels(), g.inChannels(), g.kernel(), g.kernel()));
            Status.cudnn("cudnnSetConvolution2dDescriptor", cudnn.cudnnSetConvolution2dDescriptor(convDesc,
                    g.padding(), g.padding(), g.stride(), g.stride(), 1, 1, cudnn.CUDNN_CROSS_CORRELATION,
                    cudnn.CUDNN_DATA_FLOAT));
            Status.cudnn("cudnnSetConvolutionMathType", cudnn.cudnnSetConvolutionMathType(convDesc,
                    MathModes.cudnn(allowTf32())));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The layer's sizes (a transposed convolution's output is {@link #geometry()}'s input). */
    ConvolutionShape shape() {
        return shape;
    }

    /** The sizes as cuDNN sees them. */
    ConvGeometry geometry() {
        return geometry;
    }

    /** {@code output = conv(input, filter)}. */
    void forward(Pointer input, Pointer filter, Pointer output) {
        if (forward == null) {
            forward = chooseForward();
            forwardBytes = workspaceSize("cudnnGetConvolutionForwardWorkspaceSize", size -> cudnn
                    .cudnnGetConvolutionForwardWorkspaceSize(context.cudnnHandle(), inputDesc, filterDesc, convDesc,
                            outputDesc, forward.algo(), size), forward);
        }
        long bytes = forwardBytes;
        Pointer workspace = context.workspace(bytes);
        setMathType(forward);
        OpTimer.time(forwardCall, () -> check(forwardCall, cudnn.cudnnConvolutionForward(context.cudnnHandle(),
                one, inputDesc, input, filterDesc, filter, convDesc, forward.algo(), workspace, bytes, zero,
                outputDesc, output)));
    }

    /** {@code gradInput = conv^T(gradOutput, filter)}: the gradient of the input, or a transposed convolution. */
    void backwardData(Pointer filter, Pointer gradOutput, Pointer gradInput) {
        if (useGemmBackwardData()) {
            gemmBackwardData(filter, gradOutput, gradInput);
            return;
        }
        if (backwardData == null) {
            backwardData = chooseBackwardData();
            backwardDataBytes = workspaceSize("cudnnGetConvolutionBackwardDataWorkspaceSize", size -> cudnn
                    .cudnnGetConvolutionBackwardDataWorkspaceSize(context.cudnnHandle(), filterDesc, outputDesc,
                            convDesc, inputDesc, backwardData.algo(), size), backwardData);
        }
        long bytes = backwardDataBytes;
        Pointer workspace = context.workspace(bytes);
        setMathType(backwardData);
        OpTimer.time(backwardDataCall, () -> check(backwardDataCall, cudnn.cudnnConvolutionBackwardData(
                context.cudnnHandle(), one, filterDesc, filter, outputDesc, gradOutput, convDesc,
                backwardData.algo(), workspace, bytes, zero, inputDesc, gradInput)));
    }

    /**
     * The input gradient as one batched cuBLAS product and a col2im gather: {@code columns[n] = W^T dY[n]}
     * ({@code [C k k, OH OW]} per sample), then each input element sums its taps in a fixed order. Deterministic, and in
     * exact float32 far faster than cuDNN's deterministic FMA algorithms for this direction (on an H200 the seed's
     * 512-to-256 transposed convolution took 1.1 ms with the best of them).
     */
    private void gemmBackwardData(Pointer filter, Pointer gradOutput, Pointer gradInput) {
        ConvGeometry g = geometry;
        int rows = g.inChannels() * g.kernel() * g.kernel();
        int positions = g.outHeight() * g.outWidth();
        int inner = g.outChannels();
        Pointer columns = context.workspace(gemmColumnBytes());
        // Views of device memory (no ownership: nothing to free).
        FloatPointer dy = new FloatPointer(gradOutput);
        FloatPointer w = new FloatPointer(filter);
        FloatPointer cols = new FloatPointer(columns);
        OpTimer.time(gemmCall, () -> {
            int status = cublas.cublasSgemmStridedBatched(context.cublasHandle(), cublas.CUBLAS_OP_N,
                    cublas.CUBLAS_OP_T, positions, rows, inner, one, dy, positions, (long) inner * positions, w, rows,
                    0L, zero, cols, positions, (long) rows * positions, g.batch());
            if (status != cublas.CUBLAS_STATUS_SUCCESS) {
                Status.cublas(gemmCall, status);
            }
        });
        int count = g.batch() * g.inChannels() * g.inHeight() * g.inWidth();
        context.ops().launch(KernelSource.LAYOUT, "col2im", count, columns, gradInput, g.inChannels(), g.inHeight(),
                g.inWidth(), g.kernel(), g.stride(), g.padding(), g.outHeight(), g.outWidth(), count);
    }

    private long gemmColumnBytes() {
        ConvGeometry g = geometry;
        return 4L * g.batch() * g.inChannels() * g.kernel() * g.kernel() * g.outHeight() * g.outWidth();
    }

    /**
     * Which way the input gradient (and the transposed convolution) runs: {@code -Dcgan.jcuda.backwardData=gemm},
     * {@code cudnn}, or {@code auto} (the default: the cuBLAS product in exact float32, cuDNN when TF32 is allowed,
     * where its tensor-core algorithms are fast); the product only while its columns fit in {@link #MAX_GEMM_BYTES}.
     */
    private boolean useGemmBackwardData() {
        if (gemmColumnBytes() > MAX_GEMM_BYTES) {
            return false;
        }
        return switch (BACKWARD_DATA) {
            case "gemm" -> true;
            case "cudnn" -> false;
            case "auto" -> !allowTf32();
            default -> throw new IllegalArgumentException("-D" + BACKWARD_DATA_PROPERTY + "=" + BACKWARD_DATA
                    + " is not a choice: use auto, gemm or cudnn");
        };
    }

    /** {@code gradFilter = d(sum(conv(input) * gradOutput)) / d(filter)}. */
    void backwardFilter(Pointer input, Pointer gradOutput, Pointer gradFilter) {
        if (backwardFilter == null) {
            backwardFilter = chooseBackwardFilter();
            backwardFilterBytes = workspaceSize("cudnnGetConvolutionBackwardFilterWorkspaceSize", size -> cudnn
                    .cudnnGetConvolutionBackwardFilterWorkspaceSize(context.cudnnHandle(), inputDesc, outputDesc,
                            convDesc, filterDesc, backwardFilter.algo(), size), backwardFilter);
        }
        long bytes = backwardFilterBytes;
        Pointer workspace = context.workspace(bytes);
        setMathType(backwardFilter);
        OpTimer.time(backwardFilterCall, () -> check(backwardFilterCall, cudnn.cudnnConvolutionBackwardFilter(
                context.cudnnHandle(), one, inputDesc, input, outputDesc, gradOutput, convDesc,
                backwardFilter.algo(), workspace, bytes, zero, filterDesc, gradFilter)));
    }

    /** The directions share one descriptor and may run with different math types: set the one about to run. */
    private void setMathType(AlgorithmChoice.Choice choice) {
        check("cudnnSetConvolutionMathType", cudnn.cudnnSetConvolutionMathType(convDesc, choice.mathType()));
    }

    private static void check(String call, int status) {
        if (status != cudnn.CUDNN_STATUS_SUCCESS) {
            Status.cudnn(call, status);
        }
    }

    private interface SizeQuery {
        int query(SizeTPointer size);
    }

    /** Sets the chosen math type on the descriptor (directions may differ) and returns the workspace it needs. */
    private long workspaceSize(String call, SizeQuery query, AlgorithmChoice.Choice choice) {
        Status.cudnn("cudnnSetConvolutionMathType", cudnn.cudnnSetConvolutionMathType(convDesc, choice.mathType()));
        try (SizeTPointer size = new SizeTPointer(1)) {
            Status.cudnn(call + " " + geometry, query.query(size));
            return size.get();
        }
    }

    private AlgorithmChoice.Choice chooseForward() {
        int requested = cudnn.CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
        List<AlgorithmChoice.Candidate> ranked = new ArrayList<>();
        try (cudnnConvolutionFwdAlgoPerf_t perf = new cudnnConvolutionFwdAlgoPerf_t(requested);
                IntPointer returned = new IntPointer(1)) {
            allowAllMathTypes();
            if (MEASURE) {
                Status.cudnn("cudnnFindConvolutionForwardAlgorithm " + geometry,
                        cudnn.cudnnFindConvolutionForwardAlgorithm(context.cudnnHandle(), inputDesc, filterDesc,
                                convDesc, outputDesc, requested, returned, perf));
            } else {
                Status.cudnn("cudnnGetConvolutionForwardAlgorithm_v7 " + geometry,
                        cudnn.cudnnGetConvolutionForwardAlgorithm_v7(context.cudnnHandle(), inputDesc, filterDesc,
                                convDesc, outputDesc, requested, returned, perf));
            }
            for (int i = 0; i < returned.get(); i++) {
                cudnnConvolutionFwdAlgoPerf_t p = perf.getPointer(i);
                ranked.add(new AlgorithmChoice.Candidate(p.algo(), p.status(), p.memory(), p.determinism(),
                        p.mathType()));
            }
        }
        return AlgorithmChoice.pick(ranked, allowTf32(), cudnn.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM);
    }

    private AlgorithmChoice.Choice chooseBackwardData() {
        int requested = cudnn.CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
        List<AlgorithmChoice.Candidate> ranked = new ArrayList<>();
        try (cudnnConvolutionBwdDataAlgoPerf_t perf = new cudnnConvolutionBwdDataAlgoPerf_t(requested);
                IntPointer returned = new IntPointer(1)) {
            allowAllMathTypes();
            if (MEASURE) {
                Status.cudnn("cudnnFindConvolutionBackwardDataAlgorithm " + geometry,
                        cudnn.cudnnFindConvolutionBackwardDataAlgorithm(context.cudnnHandle(), filterDesc,
                                outputDesc, convDesc, inputDesc, requested, returned, perf));
            } else {
                Status.cudnn("cudnnGetConvolutionBackwardDataAlgorithm_v7 " + geometry,
                        cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(context.cudnnHandle(), filterDesc,
                                outputDesc, convDesc, inputDesc, requested, returned, perf));
            }
            for (int i = 0; i < returned.get(); i++) {
                cudnnConvolutionBwdDataAlgoPerf_t p = perf.getPointer(i);
                ranked.add(new AlgorithmChoice.Candidate(p.algo(), p.status(), p.memory(), p.determinism(),
                        p.mathType()));
            }
        }
        return AlgorithmChoice.pick(ranked, allowTf32(), cudnn.CUDNN_CONVOLUTION_BWD_DATA_ALGO_1);
    }

    private AlgorithmChoice.Choice chooseBackwardFilter() {
        int requested = cudnn.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
        List<AlgorithmChoice.Candidate> ranked = new ArrayList<>();
        try (cudnnConvolutionBwdFilterAlgoPerf_t perf = new cudnnConvolutionBwdFilterAlgoPerf_t(requested);
                IntPointer returned = new IntPointer(1)) {
            allowAllMathTypes();
            if (MEASURE) {
                Status.cudnn("cudnnFindConvolutionBackwardFilterAlgorithm " + geometry,
                        cudnn.cudnnFindConvolutionBackwardFilterAlgorithm(context.cudnnHandle(), inputDesc,
                                outputDesc, convDesc, filterDesc, requested, returned, perf));
            } else {
                Status.cudnn("cudnnGetConvolutionBackwardFilterAlgorithm_v7 " + geometry,
                        cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(context.cudnnHandle(), inputDesc,
                                outputDesc, convDesc, filterDesc, requested, returned, perf));
            }
            for (int i = 0; i < returned.get(); i++) {
                cudnnConvolutionBwdFilterAlgoPerf_t p = perf.getPointer(i);
                ranked.add(new AlgorithmChoice.Candidate(p.algo(), p.status(), p.memory(), p.determinism(),
                        p.mathType()));
            }
        }
        return AlgorithmChoice.pick(ranked, allowTf32(), cudnn.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1);
    }

    /**
     * Before asking cuDNN for a direction's algorithms: the descriptor back to every math type the options allow (an
     * earlier direction's choice may have narrowed it to FMA, which would hide the TF32 algorithms from this one).
     */
    private void allowAllMathTypes() {
        check("cudnnSetConvolutionMathType", cudnn.cudnnSetConvolutionMathType(convDesc,
                MathModes.cudnn(allowTf32())));
    }

    private boolean allowTf32() {
        return context.options().allowTf32();
    }

    @Override
    public void close() {
        CudaException failure = null;
        if (created >= 4) {
            failure = Status.collectCudnn(failure, "cudnnDestroyConvolutionDescriptor",
                    cudnn.cudnnDestroyConvolutionDescriptor(convDesc));
        }
        if (created >= 3) {
            failure = Status.collectCudnn(failure, "cudnnDestroyFilterDescriptor",
                    cudnn.cudnnDestroyFilterDescriptor(filterDesc));
        }
        if (created >= 2) {
            failure = Status.collectCudnn(failure, "cudnnDestroyTensorDescriptor",
                    cudnn.cudnnDestroyTensorDescriptor(outputDesc));
        }
        if (created >= 1) {
            failure = Status.collectCudnn(failure, "cudnnDestroyTensorDescriptor",
                    cudnn.cudnnDestroyTensorDescriptor(inputDesc));
        }
        created = 0;
        one.close();
        zero.close();
        if (failure != null) {
            throw failure;
        }
    }
}
