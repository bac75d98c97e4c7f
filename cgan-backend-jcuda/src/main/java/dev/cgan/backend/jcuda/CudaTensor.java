package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.EngineTensor;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A float32 tensor in device memory. It either owns its block (returned to the context's caching allocator when it is
 * released) or is a view of another tensor's block ({@link #detach()}, reshaped gradients), which the owner frees.
 * A leaf that requires a gradient keeps it in a device tensor of its own, made on first use.
 */
final class CudaTensor extends EngineTensor {

    private final CudaContext context;
    private final Pointer data;
    private final long bytes;
    private final boolean ownsData;
    private CudaTensor grad;

    CudaTensor(CudaContext context, Shape shape, Pointer data, boolean ownsData) {
        super(context, shape);
        this.context = context;
        this.data = data;
        this.bytes = shape.size() * Float.BYTES;
        this.ownsData = ownsData;
    }

    /** The device pointer; fails on a closed tensor instead of handing a kernel freed memory. */
    Pointer data() {
        requireOpen();
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
        return LaunchGeometry.count(shape().size());
    }

    CudaContext context() {
        return context;
    }

    /** The gradient buffer of a leaf, created (zeroed, owned by the context) on first use. */
    CudaTensor gradBuffer() {
        if (grad == null) {
            grad = context.persistent(shape(), 0f);
        }
        return grad;
    }

    /** Whether a backward pass (or {@link #grad()}) has created this leaf's gradient. */
    @Override
    public boolean hasGradient() {
        return grad != null;
    }

    @Override
    protected Tensor leafGradient() {
        return gradBuffer();
    }

    @Override
    public void zeroGrad() {
        if (grad != null) {
            context.fillZero(grad);
        }
    }

    @Override
    public Tensor detach() {
        return context.view(this, shape());
    }

    @Override
    protected float[] readValues() {
        float[] out = new float[count()];
        if (out.length > 0) {
            try (FloatPointer host = new FloatPointer(out.length)) {
                context.copyToHost(host, data, bytes);
                host.get(out);
            }
        }
        return out;
    }

    @Override
    protected void writeValues(float[] values) {
        if (values.length > 0) {
            try (FloatPointer host = new FloatPointer(values)) {
                context.copyToDevice(data, host, bytes);
            }
        }
    }

    /** Closes the gradient with its leaf, and gives an owned block back to the allocator (a view frees nothing). */
    @Override
    protected void release() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
        if (ownsData) {
            context.memory().release(data, bytes);
        }
    }
}
