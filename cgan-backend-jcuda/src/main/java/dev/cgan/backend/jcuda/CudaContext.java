package dev.cgan.backend.jcuda;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.Pointer;

/**
 * The CUDA backend opened on one GPU: the cuBLAS and cuDNN handles, the compiled kernels, the caching allocator, and
 * every tensor, layer and optimizer created through it. All work is queued on the legacy default stream, in order.
 */
final class CudaContext implements ComputeContext {

    /** Set to true to synchronise after every kernel, so an asynchronous fault names the kernel that caused it. */
    static final String SYNC_PROPERTY = "cgan.jcuda.syncEachKernel";

    private final Backend backend;
    private final Device device;
    private final BackendOptions options;
    private final DeviceMemory memory = new DeviceMemory();
    private final TensorOwner root = new TensorOwner();
    private final Deque<CudaScope> scopes = new ArrayDeque<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CudaOps ops;
    private KernelLibrary kernels;
    private cublasContext cublasHandle;
    private cudnnContext cudnnHandle;
    private CudaTape tape;
    private Pointer workspace;
    private long workspaceBytes;
    private boolean closed;

    private CudaContext(Backend backend, Device device, BackendOptions options) {
        this.backend = backend;
        this.device = device;
        this.options = options;
        this.ops = new CudaOps(this);
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

    // ---- ComputeContext -------------------------------------------------------------------------------------------

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Tensor tensor(float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape + " (" + shape.size()
                    + " elements)");
        }
        CudaTensor t = allocate(shape);
        t.copyFrom(values);
        return t;
    }

    @Override
    public Tensor zeros(Shape shape) {
        CudaTensor t = allocate(shape);
        fillZero(t);
        return t;
    }

    @Override
    public CudaOps ops() {
        return ops;
    }

    @Override
    public Layer layer(LayerSpec spec) {
        if (spec instanceof Conv2d c) {
            return new CudaConv2d(this, c);
        }
        if (spec instanceof ConvTranspose2d c) {
            return new CudaConvTranspose2d(this, c);
        }
        if (spec instanceof BatchNorm2d b) {
            return new CudaBatchNorm2d(this, b);
        }
        if (spec instanceof Linear l) {
            return new CudaLinear(this, l);
        }
        if (spec instanceof Maxout m) {
            return new CudaMaxout(this, m);
        }
        if (spec instanceof Dropout d) {
            return new CudaDropout(this, d);
        }
        if (spec instanceof LeakyReLU l) {
            return new CudaActivation(this, spec, (float) l.slope());
        }
        return new CudaActivation(this, spec, 0f);
    }

    @Override
    public Loss loss(LossSpec spec) {
        if (spec instanceof LossSpec.CrossEntropy) {
            return new CudaCrossEntropy(this);
        }
        return new CudaLoss(this, spec);
    }

    @Override
    public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        List<CudaTensor> params = new ArrayList<>();
        for (Tensor p : parameters) {
            params.add(cuda(p, "optimizer"));
        }
        return new CudaOptimizer(this, spec, List.copyOf(parameters), params);
    }

    @Override
    public GradientTape record() {
        requireOpen();
        if (tape != null) {
            throw new IllegalStateException("a gradient tape is already open on this context; close it first");
        }
        tape = new CudaTape(this);
        return tape;
    }

    @Override
    public TensorScope scope() {
        requireOpen();
        CudaScope scope = new CudaScope(this);
        scopes.push(scope);
        return scope;
    }

    @Override
    public void synchronize() {
        Status.cuda("cudaDeviceSynchronize", cudart.cudaDeviceSynchronize());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> failures = new ArrayList<>();
        if (tape != null) {
            tape.close();
        }
        while (!scopes.isEmpty()) {
            scopes.peek().close();
        }
        root.closeAll();
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
    <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    /** An uninitialised tensor owned by the innermost scope (or the context when none is open). */
    CudaTensor allocate(Shape shape) {
        requireOpen();
        CudaTensor t = new CudaTensor(this, shape, memory.allocate(shape.size() * Float.BYTES), true);
        currentOwner().adopt(t);
        return t;
    }

    /** A zeroed tensor that lives until the context closes: parameters, buffers, gradients, optimizer state. */
    CudaTensor persistentZeros(Shape shape) {
        requireOpen();
        CudaTensor t = new CudaTensor(this, shape, memory.allocate(shape.size() * Float.BYTES), true);
        root.adopt(t);
        fillZero(t);
        return t;
    }

    /** A scoped tensor with every element {@code value}. */
    CudaTensor filled(Shape shape, float value) {
        float[] v = new float[Math.toIntExact(shape.size())];
        Arrays.fill(v, value);
        return (CudaTensor) tensor(v, shape);
    }

    /** A scoped tensor sharing {@code base}'s memory under {@code shape} (same size); it never frees the memory. */
    CudaTensor view(CudaTensor base, Shape shape) {
        if (shape.size() != base.shape().size()) {
            throw new IllegalArgumentException("cannot view " + base.shape() + " as " + shape);
        }
        CudaTensor t = new CudaTensor(this, shape, base.data(), false);
        currentOwner().adopt(t);
        return t;
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

    /** {@code tensor} as this context's tensor, or an error naming {@code op}. */
    CudaTensor cuda(Tensor tensor, String op) {
        if (tensor instanceof CudaTensor t && t.context() == this) {
            return t;
        }
        throw new IllegalArgumentException(op + ": " + tensor + " was not created by this jcuda context");
    }

    /** The open tape if it should record an operation on {@code inputs} (one of them needs a gradient), else null. */
    CudaTape recording(CudaTensor... inputs) {
        if (tape == null) {
            return null;
        }
        for (CudaTensor t : inputs) {
            if (t != null && t.needsGrad()) {
                return tape;
            }
        }
        return null;
    }

    TensorOwner parentOf(CudaScope scope) {
        boolean below = false;
        for (CudaScope s : scopes) {
            if (below) {
                return s;
            }
            below = s == scope;
        }
        return root;
    }

    void scopeClosed(CudaScope scope) {
        scopes.remove(scope);
    }

    void tapeClosed(CudaTape closedTape) {
        if (tape == closedTape) {
            tape = null;
        }
    }

    private TensorOwner currentOwner() {
        CudaScope top = scopes.peek();
        return top != null ? top : root;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the jcuda context is closed");
        }
    }
}
