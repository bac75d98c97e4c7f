package dev.cgan.backend.onednn;

import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import org.bytedeco.dnnl.memory;

/**
 * A cgan tensor backed by one oneDNN memory object in the plain row-major layout ({@link PlainMemory}), which the
 * primitives read and write directly and Java reads as a {@link FloatBuffer} without copying.
 *
 * <p>A tensor is <em>tracked</em> when gradients can flow into it: a leaf that requires them, or the result of an
 * operation recorded on the tape. A leaf's gradient is a second memory of the same shape, made on first use and kept
 * until the context closes.
 */
final class OnednnTensor implements Tensor {

    private final OnednnContext context;
    private final Shape shape;
    private final int size;
    private memory memory;
    private FloatBuffer floats;
    private final boolean sharesMemory;
    private OnednnScope owner;
    private boolean requiresGrad;
    private boolean recorded;
    private OnednnTensor gradient;
    private boolean gradientProduced;

    OnednnTensor(OnednnContext context, Shape shape, memory memory, boolean sharesMemory) {
        this.context = context;
        this.shape = shape;
        this.size = shape.sizeAsInt();
        this.memory = memory;
        this.sharesMemory = sharesMemory;
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
        float[] out = new float[size];
        floats().get(0, out);
        return out;
    }

    @Override
    public void copyFrom(float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException(values.length + " values do not fit a tensor of shape " + shape);
        }
        floats().put(0, values);
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
        return requiresGrad ? gradient() : null;
    }

    @Override
    public void zeroGrad() {
        if (gradient != null) {
            PlainMemory.zero(gradient.memory(), size);
        }
    }

    @Override
    public Tensor detach() {
        // Shares the memory; the copy is cut from the tape because it is neither a leaf nor recorded.
        OnednnTensor cut = new OnednnTensor(context, shape, memory(), true);
        if (owner != null) {
            owner.adopt(cut);
        }
        return cut;
    }

    @Override
    public void close() {
        if (memory != null && !sharesMemory) {
            memory.close();
        }
        memory = null;
        floats = null;
    }

    @Override
    public String toString() {
        return "OnednnTensor" + shape + (memory == null ? " (closed)" : "") + (requiresGrad ? " requires grad" : "");
    }

    // ---- for the backend's own classes ----

    /** The oneDNN memory, in the plain layout. */
    memory memory() {
        if (memory == null) {
            throw new IllegalStateException("tensor of shape " + shape + " was closed (by close() or its scope)");
        }
        return memory;
    }

    /** The values as a buffer over the native memory (no copy). */
    FloatBuffer floats() {
        memory();
        if (floats == null) {
            floats = PlainMemory.floats(memory, size);
        }
        return floats;
    }

    /** The number of elements. */
    int size() {
        return size;
    }

    OnednnContext context() {
        return context;
    }

    OnednnScope owner() {
        return owner;
    }

    void owner(OnednnScope newOwner) {
        owner = newOwner;
    }

    /** Whether gradients flow into this tensor: a leaf that requires them or a recorded result. */
    boolean tracked() {
        return requiresGrad || recorded;
    }

    void markRecorded() {
        recorded = true;
    }

    /** Adds {@code g} into this leaf's gradient. */
    void accumulate(OnednnTensor g) {
        OnednnTensor target = gradient();
        FloatBuffer to = target.floats();
        FloatBuffer from = g.floats();
        HostLoops.inChunks(size, (a, b) -> {
            for (int i = a; i < b; i++) {
                to.put(i, to.get(i) + from.get(i));
            }
        });
        gradientProduced = true;
    }

    /** Whether any backward pass has reached this leaf (PyTorch's "grad is not None"). */
    boolean gradientProduced() {
        return gradientProduced;
    }

    /** The gradient as a tensor of the context (zeros until a backward pass adds to it). */
    OnednnTensor gradient() {
        if (gradient == null) {
            gradient = context.persistent(shape, 0f, false);
        }
        return gradient;
    }
}
