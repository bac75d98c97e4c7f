package dev.cgan.backend.jcuda;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.layer.Upsample;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.BackwardTape;
import dev.cgan.api.spi.EngineContext;
import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.spi.UpdateRule;
import dev.cgan.api.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.Pointer;

/**
 * The CUDA backend opened on one GPU: the cuBLAS and cuDNN handles, the compiled kernels, the caching allocator, and
 * every tensor, layer and optimizer created through it (their bookkeeping is the kit's {@link EngineContext}). All
 * work is queued on the legacy default stream, in order. Gradients flow through the kit's {@link BackwardTape} as
 * device tensors.
 */
final class CudaContext extends EngineContext<CudaTensor, BackwardTape<CudaTensor, CudaTensor>> {

    /** Set to true to synchronise after every kernel, so an asynchronous fault names the kernel that caused it. */
    static final String SYNC_PROPERTY = "cgan.jcuda.syncEachKernel";

    private final BackendOptions options;
    private final DeviceMemory memory = new DeviceMemory();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CudaTensorOps ops;
    private final CudaGradientMath gradientMath;
    private KernelLibrary kernels;
    private cublasContext cublasHandle;
    private cudnnContext cudnnHandle;
    private Pointer workspace;
    private long workspaceBytes;

    /** A context that has not touched CUDA yet ({@link #open} does); tests use one for the host-side bookkeeping. */
    CudaContext(Backend backend, Device device, BackendOptions options) {
        super(backend, device, CudaTensor.class);
        this.options = options;
        this.ops = new CudaTensorOps(this);
        this.gradientMath = new CudaGradientMath(this);
    }

    /** Makes {@code device} current, compiles the kernels for its architecture and creates the library handles. */
    static CudaContext open(Backend backend, Device device, BackendOptions options) {
        CudaContext context = new CudaContext(backend, device, options);
        try {
            Status.cuda("cudaSetDevice(" + device.index() + ")", cudart.cudaSetDevice(device.index()));
            // Creates the device's primary context, which the driver API calls below then use.
            Status.cuda("cudaFree(0) (context creation)", cudart.cudaFree(new Pointer()));
            Status.driver("cuInit", cudart.cuInit(0));
            int[] major = new int[1];
            int[] minor = new int[1];
            Status.cuda("cudaDeviceGetAttribute(compute capability major)", cudart.cudaDeviceGetAttribute(major,
                    cudart.cudaDevAttrComputeCapabilityMajor, device.index()));
            Status.cuda("cudaDeviceGetAttribute(compute capability minor)", cudart.cudaDeviceGetAttribute(minor,
                    cudart.cudaDevAttrComputeCapabilityMinor, device.index()));
            context.kernels = KernelLibrary.compile(major[0], minor[0], Boolean.getBoolean(SYNC_PROPERTY));

            context.cublasHandle = new cublasContext();
            Status.cublas("cublasCreate", cublas.cublasCreate_v2(context.cublasHandle));
            Status.cublas("cublasSetMathMode", cublas.cublasSetMathMode(context.cublasHandle,
                    MathModes.cublas(options.allowTf32())));
            context.cudnnHandle = new cudnnContext();
            Status.cudnn("cudnnCreate", cudnn.cudnnCreate(context.cudnnHandle));
            return context;
        } catch (RuntimeException | LinkageError e) {
            context.close();
            throw e;
        }
    }

    // ---- the kit's factories --------------------------------------------------------------------------------------

    @Override
    protected CudaTensor newTensor(float[] values, Shape shape) {
        CudaTensor t = allocate(shape);
        t.copyFrom(values);
        return t;
    }

    @Override
    protected CudaTensor newZeros(Shape shape) {
        CudaTensor t = allocate(shape);
        fillZero(t);
        return t;
    }

    @Override
    protected CudaTensor persistent(Shape shape, float fill) {
        requireOpen();
        CudaTensor t = adoptPersistent(new CudaTensor(this, shape, memory.allocate(shape.size() * Float.BYTES),
                true));
        if (fill == 0f) {
            fillZero(t);
        } else {
            float[] values = new float[t.count()];
            Arrays.fill(values, fill);
            t.copyFrom(values);
        }
        return t;
    }

    @Override
    protected BackwardTape<CudaTensor, CudaTensor> newTape() {
        return new BackwardTape<>(gradientMath);
    }

    @Override
    public CudaTensorOps ops() {
        return ops;
    }

    @Override
    public void synchronize() {
        Status.cuda("cudaDeviceSynchronize", cudart.cudaDeviceSynchronize());
    }

    // ---- one method per spec (the kit dispatches) -----------------------------------------------------------------

    @Override
    protected Layer conv2d(Conv2d spec) {
        return new CudaConv2d(this, spec);
    }

    @Override
    protected Layer convTranspose2d(ConvTranspose2d spec) {
        return new CudaConvTranspose2d(this, spec);
    }

    @Override
    protected Layer batchNorm2d(BatchNorm2d spec) {
        return new CudaBatchNorm2d(this, spec);
    }

    @Override
    protected Layer linear(Linear spec) {
        return new CudaLinear(this, spec);
    }

    @Override
    protected Layer maxout(Maxout spec) {
        return new CudaMaxout(this, spec);
    }

    @Override
    protected Layer dropout(Dropout spec) {
        return new CudaDropout(this, spec);
    }

    @Override
    protected Layer relu(ReLU spec) {
        return CudaActivation.relu(this, spec);
    }

    @Override
    protected Layer leakyRelu(LeakyReLU spec) {
        return CudaActivation.leakyRelu(this, spec);
    }

    @Override
    protected Layer tanh(Tanh spec) {
        return CudaActivation.tanh(this, spec);
    }

    @Override
    protected Layer sigmoid(Sigmoid spec) {
        return CudaActivation.sigmoid(this, spec);
    }

    @Override
    protected Layer upsample(Upsample spec) {
        return new CudaUpsample(this, spec);
    }

    @Override
    protected Layer avgPool2d(AvgPool2d spec) {
        return new CudaAvgPool2d(this, spec);
    }

    @Override
    protected Layer embedding(Embedding spec) {
        return new CudaEmbedding(this, spec);
    }

    @Override
    protected Layer conditionalBatchNorm2d(ConditionalBatchNorm2d spec) {
        return new CudaConditionalBatchNorm2d(this, spec);
    }

    @Override
    protected Layer spectralNorm(SpectralNorm spec) {
        return new CudaSpectralNorm(this, spec);
    }

    @Override
    protected LossKernel<CudaTensor> binaryCrossEntropy(LossSpec.BinaryCrossEntropy spec) {
        return new CudaBinaryCrossEntropy(this);
    }

    @Override
    protected LossKernel<CudaTensor> binaryCrossEntropyWithLogits(LossSpec.BinaryCrossEntropyWithLogits spec) {
        return new CudaBinaryCrossEntropyWithLogits(this);
    }

    @Override
    protected LossKernel<CudaTensor> crossEntropy(LossSpec.CrossEntropy spec) {
        return new CudaCrossEntropy(this);
    }

    @Override
    protected LossKernel<CudaTensor> hinge(LossSpec.Hinge spec) {
        return new CudaHinge(this, spec);
    }

    @Override
    protected UpdateRule<CudaTensor> adam(OptimizerSpec.Adam spec) {
        return new CudaAdam(this, spec);
    }

    @Override
    protected UpdateRule<CudaTensor> sgd(OptimizerSpec.Sgd spec) {
        return new CudaSgd(this, spec);
    }

    // ---- closing ---------------------------------------------------------------------------------------------------

    /**
     * After the kit has closed the tape, the scopes and every tensor (so every block is back in {@link DeviceMemory}):
     * the plans and descriptors, the cuDNN workspace, the cached device memory, the kernels and the library handles.
     */
    @Override
    protected void closeEngine() {
        List<String> failures = new ArrayList<>();
        for (int i = resources.size() - 1; i >= 0; i--) {
            run(failures, resources.get(i)::close);
        }
        resources.clear();
        if (workspace != null) {
            memory.release(workspace, workspaceBytes);
            workspace = null;
        }
        run(failures, memory::close);
        if (kernels != null) {
            run(failures, kernels::close);
        }
        if (cudnnHandle != null) {
            run(failures, () -> Status.cudnn("cudnnDestroy", cudnn.cudnnDestroy(cudnnHandle)));
        }
        if (cublasHandle != null) {
            run(failures, () -> Status.cublas("cublasDestroy", cublas.cublasDestroy_v2(cublasHandle)));
        }
        if (OpTimer.enabled()) {
            System.err.print(OpTimer.drain());
        }
        if (!failures.isEmpty()) {
            throw new CudaException("closing the jcuda context: " + String.join("; ", failures));
        }
    }

    private static void run(List<String> failures, AutoCloseable action) {
        try {
            action.close();
        } catch (Exception | LinkageError e) {
            failures.add(String.valueOf(e.getMessage()));
        }
    }

    // ---- for the backend's own classes ----------------------------------------------------------------------------

    BackendOptions options() {
        return options;
    }

    DeviceMemory memory() {
        return memory;
    }

    KernelLibrary kernels() {
        return kernels;
    }

    cublasContext cublasHandle() {
        return cublasHandle;
    }

    cudnnContext cudnnHandle() {
        return cudnnHandle;
    }

    /** Frees {@code resource} when the context closes (descriptors, plans). */
    <R extends AutoCloseable> R ownResource(R resource) {
        resources.add(resource);
        return resource;
    }

    /** An uninitialised tensor owned by the innermost scope (or the context when none is open). */
    CudaTensor allocate(Shape shape) {
        requireOpen();
        return adopt(new CudaTensor(this, shape, memory.allocate(shape.size() * Float.BYTES), true));
    }

    /** A scoped tensor with every element {@code value}. */
    CudaTensor filled(Shape shape, float value) {
        float[] v = new float[LaunchGeometry.count(shape.size())];
        Arrays.fill(v, value);
        return newTensor(v, shape);
    }

    /** A scoped tensor sharing {@code base}'s memory under {@code shape} (same size); it never frees the memory. */
    CudaTensor view(CudaTensor base, Shape shape) {
        requireOpen();
        if (shape.size() != base.shape().size()) {
            throw new IllegalArgumentException("cannot view " + base.shape() + " as " + shape);
        }
        return adopt(new CudaTensor(this, shape, base.data(), false));
    }

    void fillZero(CudaTensor t) {
        if (t.bytes() > 0) {
            OpTimer.time("memset", () -> Status.cuda("cudaMemset", cudart.cudaMemset(t.data(), 0, t.bytes())));
        }
    }

    void copyToHost(Pointer host, Pointer device, long bytes) {
        OpTimer.time("copy device to host", () -> Status.cuda("cudaMemcpy(device to host, " + bytes + " bytes)",
                cudart.cudaMemcpy(host, device, bytes, cudart.cudaMemcpyDeviceToHost)));
    }

    void copyToDevice(Pointer device, Pointer host, long bytes) {
        OpTimer.time("copy host to device", () -> Status.cuda("cudaMemcpy(host to device, " + bytes + " bytes)",
                cudart.cudaMemcpy(device, host, bytes, cudart.cudaMemcpyHostToDevice)));
    }

    void copyOnDevice(Pointer to, Pointer from, long bytes) {
        if (bytes > 0) {
            OpTimer.time("copy device to device", () -> Status.cuda("cudaMemcpy(device to device, " + bytes
                    + " bytes)", cudart.cudaMemcpy(to, from, bytes, cudart.cudaMemcpyDeviceToDevice)));
        }
    }

    /** A device scratch block of at least {@code bytes} for cuDNN, valid until the next call (one stream, in order). */
    Pointer workspace(long bytes) {
        if (bytes <= 0) {
            return null;
        }
        if (bytes > workspaceBytes) {
            if (workspace != null) {
                memory.release(workspace, workspaceBytes);
            }
            workspace = memory.allocate(bytes);
            workspaceBytes = bytes;
        }
        return workspace;
    }
}
