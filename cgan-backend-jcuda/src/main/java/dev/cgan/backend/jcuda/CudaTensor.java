package dev.cgan.backend.jcuda;

import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A float32 tensor in device memory. It either owns its block (returned to the context's allocator on close) or is a
 * view of another tensor's block ({@link #detach()}, reshaped gradients), which the owner frees.
 */
final class CudaTensor implements Tensor {

    private final CudaContext context;
    private final Shape shape;
    private final Pointer data;
    private final long bytes;
    private final boolean ownsData;
    private boolean requiresGrad;
    private boolean tracked;
    private CudaTensor grad;
    private boolean closed;
    TensorOwner owner;

    CudaTensor(CudaContext context, Shape shape, Pointer data, boolean ownsData) {
        this.context = context;
        this.shape = shape;
        this.data = data;
        this.bytes = shape.size() * Float.BYTES;
        this.ownsData = ownsData;
    }

    /** The device pointer; fails on a closed tensor instead of handing a kernel freed memory. */
    Pointer data() {
        if (closed) {
            throw new IllegalStateException("tensor " + shape + " was used after it was closed (or its scope was)");
        }
        return data;
    }

    /** The device pointer typed for cuBLAS. */
    FloatPointer floats() {
        return new FloatPointer(data());
    }

    long bytes() {
        return bytes;
    }

    int count() {
        return LaunchGeometry.count(shape.size());
    }

    CudaContext context() {
        return context;
    }

    /** A result of an operation recorded on the open tape (gradients flow through it to its inputs). */
    boolean tracked() {
        return tracked;
    }

    void markTracked() {
        tracked = true;
    }

    /** Whether a gradient with respect to this tensor is of use: it is a leaf that collects one, or it leads to one. */
    boolean needsGrad() {
        return requiresGrad || tracked;
    }

    /** The gradient buffer of a leaf, created (zeroed, owned by the context) on first use. */
    CudaTensor gradBuffer() {
        if (grad == null) {
            grad = context.persistentZeros(shape);
        }
        return grad;
    }

    /** Whether a backward pass (or {@link #grad()}) has created this leaf's gradient. */
    boolean hasGrad() {
        return grad != null;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Device device() {
        return context.device();
    }

    @Override
    public float[] toFloatArray() {
        float[] out = new float[count()];
        if (out.length > 0) {
            try (FloatPointer host = new FloatPointer(out.length)) {
                context.copyToHost(host, data(), bytes);
                host.get(out);
            }
        }
        return out;
    }

    @Override
    public void copyFrom(float[] values) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("copyFrom: " + values.length + " values for a tensor of shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        if (values.length > 0) {
            try (FloatPointer host = new FloatPointer(values)) {
                context.copyToDevice(data(), host, bytes);
            }
        }
    }

    @Override
    public Tensor requireGrad() {
        requiresGrad = true;
        return this;
    }

    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    @Override
    public Tensor grad() {
        return requiresGrad ? gradBuffer() : null;
    }

    @Override
    public void zeroGrad() {
        if (grad != null) {
            context.fillZero(grad);
        }
    }

    @Override
    public Tensor detach() {
        return context.view(this, shape);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owner != null) {
            owner.forget(this);
            owner = null;
        }
        if (grad != null) {
            grad.close();
            grad = null;
        }
        if (ownsData) {
            context.memory().release(data, bytes);
        }
    }

    @Override
    public String toString() {
        return "CudaTensor" + shape + (requiresGrad ? " (requires grad)" : "");
    }
}
