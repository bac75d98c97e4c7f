package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;

/**
 * One argument of a primitive whose preferred memory format (oneDNN's choice for {@code format_tag.any}: blocked
 * layouts such as {@code nChw16c}) differs from cgan's plain row-major one: a buffer in the preferred format, made
 * once with the primitive and reused by every execution, and the reorders between it and a plain tensor. When the
 * formats agree the tensor's own memory is used and nothing is copied.
 */
final class FormatBridge {

    private final OnednnContext context;
    private final memory inner;
    private final primitive toInner;
    private final primitive toPlain;

    FormatBridge(OnednnContext context, memory.desc plain, memory.desc preferred) {
        this.context = context;
        if (plain.equals(preferred)) {
            inner = null;
            toInner = null;
            toPlain = null;
        } else {
            inner = context.retain(new memory(preferred, context.engine()));
            toInner = context.retain(new reorder(context.retain(
                    new reorder.primitive_desc(context.engine(), plain, context.engine(), preferred))));
            toPlain = context.retain(new reorder(context.retain(
                    new reorder.primitive_desc(context.engine(), preferred, context.engine(), plain))));
        }
    }

    /** The memory to give the primitive as an input: {@code t}'s, or a reordered copy of it. */
    memory input(OnednnTensor t) {
        if (inner == null) {
            return t.memory();
        }
        context.execute(toInner, Arguments.of(DNNL_ARG_FROM, t, DNNL_ARG_TO, inner));
        return inner;
    }

    /** The memory to give the primitive as an output destined for {@code t} (call {@link #deliver} after). */
    memory output(OnednnTensor t) {
        return inner == null ? t.memory() : inner;
    }

    /** Moves an output written by the primitive into {@code t} in the plain layout. */
    void deliver(OnednnTensor t) {
        if (inner != null) {
            context.execute(toPlain, Arguments.of(DNNL_ARG_FROM, inner, DNNL_ARG_TO, t));
        }
    }

    /** Whether this argument is reordered (the primitive prefers another layout). */
    boolean reorders() {
        return inner != null;
    }
}
