package dev.cgan.backend.onednn;

import dev.cgan.api.spi.EngineTensor;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import org.bytedeco.dnnl.memory;

/**
 * A cgan tensor backed by one oneDNN memory object in the plain row-major layout ({@link PlainMemory}), which the
 * primitives read and write directly and Java reads as a {@link FloatBuffer} without copying. A leaf's gradient is a
 * second, persistent tensor of the same shape, made on first use.
 */
final class OnednnTensor extends EngineTensor {

    private final OnednnContext context;
    private final int size;
    private final memory memory;
    private final boolean sharesMemory;
    private FloatBuffer floats;
    private OnednnTensor gradient;
    private boolean gradientProduced;

    OnednnTensor(OnednnContext context, Shape shape, memory memory, boolean sharesMemory) {
        super(context, shape);
        this.context = context;
        this.size = shape.sizeAsInt();
        this.memory = memory;
        this.sharesMemory = sharesMemory;
    }

    @Override
    protected float[] readValues() {
        float[] out = new float[size];
        floats().get(0, out);
        return out;
    }

    @Override
    protected void writeValues(float[] values) {
        floats().put(0, values);
    }

    @Override
    protected void release() {
        floats = null;
        if (!sharesMemory) {
            memory.close();
        }
    }

    @Override
    public boolean hasGradient() {
        return gradientProduced;
    }

    @Override
    public Tensor grad() {
        return requiresGrad() ? gradient() : null;
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
        return context.adopt(new OnednnTensor(context, shape(), memory(), true));
    }

    // ---- for the backend's own classes ----

    /** The oneDNN memory, in the plain layout. */
    memory memory() {
        requireOpen();
        return memory;
    }

    /** The values as a buffer over the native memory (no copy). */
    FloatBuffer floats() {
        requireOpen();
        if (floats == null) {
            floats = PlainMemory.floats(memory, size);
        }
        return floats;
    }

    /** The number of elements. */
    int size() {
        return size;
    }

    /** Adds {@code g} into this leaf's gradient. */
    void accumulate(OnednnTensor g) {
        FloatBuffer to = gradient().floats();
        FloatBuffer from = g.floats();
        HostLoops.inChunks(size, (a, b) -> {
            for (int i = a; i < b; i++) {
                to.put(i, to.get(i) + from.get(i));
            }
        });
        gradientProduced = true;
    }

    /** The gradient as a tensor of the context (zeros until a backward pass adds to it). */
    OnednnTensor gradient() {
        if (gradient == null) {
            gradient = context.persistentTensor(shape(), 0f);
        }
        return gradient;
    }
}
