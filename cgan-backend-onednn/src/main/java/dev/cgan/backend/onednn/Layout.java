package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;

/**
 * A memory layout other than the plain row-major one that a primitive asked for (for example {@code nChw16c}) for
 * tensors of one shape, interned by the context so that equal layouts are one object with one id; tensors in the
 * plain layout have none ({@code null}). It keeps the reorders into it (from plain, and directly from other layouts
 * of the same shape), to plain, and into plain adding to what is there (a weight's gradient into the accumulated one),
 * each made on first use.
 */
final class Layout {

    private final OnednnContext context;
    private final int id;
    private final Shape shape;
    private final memory.desc desc;
    private final memory.desc plain;
    private primitive toPlain;
    private primitive fromPlain;
    private primitive addToPlain;
    private final Map<Integer, primitive> fromOthers = new HashMap<>();

    Layout(OnednnContext context, int id, Shape shape, memory.desc desc, memory.desc plain) {
        this.context = context;
        this.id = id;
        this.shape = shape;
        this.desc = desc;
        this.plain = plain;
    }

    int id() {
        return id;
    }

    Shape shape() {
        return shape;
    }

    memory.desc desc() {
        return desc;
    }

    /** The plain layout this one is reordered to and from. */
    memory.desc plain() {
        return plain;
    }

    /** Copies {@code from} (this layout) into {@code to} (plain). */
    void toPlain(memory from, memory to) {
        if (toPlain == null) {
            toPlain = context.retain(new reorder(context.retain(
                    new reorder.primitive_desc(context.engine(), desc, context.engine(), plain))));
        }
        context.execute(toPlain, Arguments.of(DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
    }

    /** Adds {@code from} (this layout) into {@code to} (plain) in one pass: a reorder with oneDNN's sum post-op. */
    void addToPlain(memory from, memory to) {
        if (addToPlain == null) {
            try (post_ops sum = new post_ops(); primitive_attr attributes = new primitive_attr()) {
                sum.append_sum();
                attributes.set_post_ops(sum);
                addToPlain = context.retain(new reorder(context.retain(new reorder.primitive_desc(context.engine(),
                        desc, context.engine(), plain, attributes, false))));
            }
        }
        context.execute(addToPlain, Arguments.of(DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
    }

    /** Copies {@code from} (plain) into {@code to} (this layout). */
    void fromPlain(memory from, memory to) {
        if (fromPlain == null) {
            fromPlain = context.retain(new reorder(context.retain(
                    new reorder.primitive_desc(context.engine(), plain, context.engine(), desc))));
        }
        context.execute(fromPlain, Arguments.of(DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
    }

    /** Copies {@code from} (in {@code source}, another layout of the same shape) into {@code to} (this layout). */
    void fromLayout(Layout source, memory from, memory to) {
        primitive reorder = fromOthers.get(source.id());
        if (reorder == null) {
            reorder = context.retain(new reorder(context.retain(
                    new reorder.primitive_desc(context.engine(), source.desc(), context.engine(), desc))));
            fromOthers.put(source.id(), reorder);
        }
        context.execute(reorder, Arguments.of(DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
    }

    /** A key for primitive caches: the shape, and this layout's id ({@code -1}: plain). */
    record Key(Shape shape, int layout) {
        static Key of(OnednnTensor t) {
            return new Key(t.shape(), t.layout() == null ? -1 : t.layout().id());
        }
    }
}
