package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

import dev.cgan.api.tensor.Shape;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;

/**
 * One argument of a primitive in the memory format the primitive prefers (oneDNN's choice for
 * {@code format_tag.any}: blocked layouts such as {@code nChw16c}, or {@code OIhw16i16o} for weights). An input that
 * is already in that layout (an activation another primitive produced there) is used as it is; a plain one is
 * reordered into a buffer made on first need and reused by every later execution. An output is either made in
 * the preferred layout ({@link #layout()}).
 */
final class FormatBridge {

    private final OnednnContext context;
    private final Layout layout;
    private final memory.desc preferred;
    private memory inner;
    private final primitive toInner;
    /** For weights: the tensor last reordered into {@link #inner}, and its {@link OnednnTensor#version()} then. */
    private final boolean weights;
    private OnednnTensor reordered;
    private long reorderedVersion;

    /**
     * @param plain    the argument's layout as cgan stores it (row-major; {@code iohw} for transposed-convolution
     *                 weights)
     * @param shape    the shape of an activation argument, whose tensors may carry the preferred layout; {@code null}
     *                 for weights, which are always stored plain
     */
    FormatBridge(OnednnContext context, memory.desc plain, memory.desc preferred, Shape shape) {
        this.context = context;
        this.weights = shape == null;
        if (plain.equals(preferred)) {
            layout = null;
            this.preferred = null;
            toInner = null;
        } else {
            layout = shape == null ? null : context.layout(preferred, shape);
            this.preferred = preferred;
            toInner = context.retain(new reorder(context.retain(
                    new reorder.primitive_desc(context.engine(), plain, context.engine(), preferred))));
        }
    }

    /** The memory to give the primitive as an input: {@code t}'s own, or a reordered copy of it. */
    memory input(OnednnTensor t) {
        if (preferred == null) {
            return t.plainMemory();
        }
        if (layout != null && t.layout() == layout) {
            return t.memory();
        }
        if (layout != null && t.layout() != null) {
            layout.fromLayout(t.layout(), t.memory(), inner());
            return inner;
        }
        if (weights && t == reordered && t.version() == reorderedVersion) {
            return inner;
        }
        context.execute(toInner, Arguments.of(DNNL_ARG_FROM, t.plainMemoryToRead(), DNNL_ARG_TO, inner()));
        if (weights) {
            reordered = t;
            reorderedVersion = t.version();
        }
        return inner;
    }

    /** The buffer in the preferred layout, made on first use (inputs that arrive in that layout never need it). */
    private memory inner() {
        if (inner == null) {
            inner = context.retain(new memory(preferred, context.engine()));
        }
        return inner;
    }

    /** The preferred layout of an activation output ({@code null}: plain), to make the output tensor in. */
    Layout layout() {
        return layout;
    }
}
