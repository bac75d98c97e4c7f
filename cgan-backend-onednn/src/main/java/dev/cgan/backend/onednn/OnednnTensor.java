package dev.cgan.backend.onednn;

import dev.cgan.api.spi.EngineTensor;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.memory;

/**
 * A cgan tensor backed by one oneDNN memory object, in the plain row-major layout ({@link PlainMemory}) or in a
 * {@link Layout} a primitive prefers (activations between convolutions, batch normalisations and activations stay
 * blocked, as oneDNN produced them). Java reads the plain layout as a {@link FloatBuffer} without copying; host access
 * to a blocked tensor first reorders it to plain, once (its values do not change). A leaf's gradient is a second,
 * persistent tensor of the same shape, made on first use.
 */
final class OnednnTensor extends EngineTensor {

    private final OnednnContext context;
    private final int size;
    private final boolean sharesMemory;
    private memory memory;
    private Layout layout;
    /** Whether a detached view shares {@link #memory}: then a reorder to plain must not free it before release. */
    private boolean viewed;
    /** Memory replaced by a reorder to plain while a view shared it, freed with the tensor. */
    private List<memory> retired;
    private FloatBuffer floats;
    /**
     * Counts the hand-outs of this tensor's memory for writing ({@link #memory()}, {@link #plainMemory()},
     * {@link #floats()}): a weight whose count has not moved still holds the values a {@link FormatBridge} last
     * reordered, so the bridge reuses its copy (a discriminator's weights serve two forward passes per step).
     */
    private long version;
    private OnednnTensor gradient;
    private boolean gradientProduced;
    /**
     * For a leaf's gradient after {@code zeroGrad}: the values are stale and stand for zeros. The next accumulation
     * overwrites them instead of adding to them (no pass to clear them, none to read the zeros back); any other
     * hand-out of the memory clears them first.
     */
    private boolean stale;

    OnednnTensor(OnednnContext context, Shape shape, memory memory, Layout layout, boolean sharesMemory) {
        super(context, shape);
        this.context = context;
        this.size = shape.sizeAsInt();
        this.memory = memory;
        this.layout = layout;
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
            context.free(memory);
            if (retired != null) {
                retired.forEach(context::free);
            }
        }
    }

    @Override
    public boolean hasGradient() {
        return gradientProduced;
    }

    @Override
    protected Tensor leafGradient() {
        return gradient();
    }

    @Override
    public void zeroGrad() {
        if (gradient != null) {
            gradient.stale = true;
        }
    }

    @Override
    public Tensor detach() {
        // Shares the memory and its layout; the copy is cut from the tape because it is neither a leaf nor recorded.
        viewed = true;
        return context.adopt(new OnednnTensor(context, shape(), memory(), layout, true));
    }

    // ---- for the backend's own classes ----

    /** The oneDNN memory, in this tensor's {@link #layout()}. */
    memory memory() {
        requireOpen();
        settle();
        version++;
        return memory;
    }

    /** The layout of {@link #memory()}: {@code null} for plain row-major. */
    Layout layout() {
        return layout;
    }

    /** The memory in the plain layout (reordering this tensor to plain first if it is not). */
    memory plainMemory() {
        toPlain();
        settle();
        version++;
        return memory;
    }

    /** {@link #plainMemory()} for a reader that does not write it (the count stays). */
    memory plainMemoryToRead() {
        toPlain();
        settle();
        return memory;
    }

    /** How often this tensor's memory has been handed out for writing (see {@link #version}). */
    long version() {
        return version;
    }

    /** Puts the values in the plain layout, if they are not; returns this tensor. */
    OnednnTensor toPlain() {
        requireOpen();
        if (layout != null) {
            memory plain = context.allocatePlain(shape());
            layout.toPlain(memory, plain);
            if (!sharesMemory && !viewed) {
                context.free(memory);
            } else if (!sharesMemory) {
                if (retired == null) {
                    retired = new ArrayList<>(1);
                }
                retired.add(memory);
            }
            memory = plain;
            layout = null;
            floats = null;
        }
        return this;
    }

    /** Clears stale values (a gradient zeroed lazily) before its memory is handed out. */
    private void settle() {
        if (stale) {
            stale = false;
            PlainMemory.zero(memory, size);
        }
    }

    /** The values as a buffer over the native memory in the plain layout (no copy once plain). */
    FloatBuffer floats() {
        toPlain();
        settle();
        version++;
        if (floats == null) {
            floats = PlainMemory.floats(memory, size);
        }
        return floats;
    }

    /** The number of elements. */
    int size() {
        return size;
    }

    /**
     * Adds {@code g} (plain, or in a layout: a weight gradient as backward-weights wrote it) into this leaf's gradient;
     * the first accumulation after {@code zeroGrad} writes it instead.
     */
    void accumulate(OnednnTensor g) {
        OnednnTensor to = gradient();
        boolean overwrite = to.stale;
        to.stale = false;
        if (g.layout() != null) {
            if (overwrite) {
                g.layout().toPlain(g.memory(), to.plainMemory());
            } else {
                g.layout().addToPlain(g.memory(), to.plainMemory());
            }
        } else if (overwrite) {
            PlainMemory.copy(g.plainMemoryToRead(), to.plainMemory(), size);
        } else {
            FloatBuffer sum = to.floats();
            FloatBuffer from = g.floats();
            HostLoops.inChunks(size, (a, b) -> {
                for (int i = a; i < b; i++) {
                    sum.put(i, sum.get(i) + from.get(i));
                }
            });
        }
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
