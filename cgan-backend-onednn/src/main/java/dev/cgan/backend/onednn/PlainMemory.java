package dev.cgan.backend.onednn;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * oneDNN memory in cgan's own layout: float32, dense, row-major (oneDNN's plain tags {@code a}, {@code ab},
 * {@code abc}, {@code abcd}: {@code nchw} for images, {@code oihw} for convolution weights), allocated through the
 * context's {@link BufferPool}.
 */
final class PlainMemory {

    private static final memory.format_tag[] TAGS = {
        memory.format_tag.a, memory.format_tag.a, memory.format_tag.ab, memory.format_tag.abc,
        memory.format_tag.abcd, memory.format_tag.abcde
    };

    private PlainMemory() {
    }

    /** The descriptor of a row-major float32 array of {@code dims} (a scalar is one element). */
    static memory.desc desc(long... dims) {
        if (dims.length >= TAGS.length) {
            throw new IllegalArgumentException("tensors of rank " + dims.length + " are not supported (at most "
                    + (TAGS.length - 1) + ")");
        }
        long[] d = dims.length == 0 ? new long[] {1} : dims;
        return new memory.desc(d, memory.data_type.f32, TAGS[dims.length]);
    }

    /** The {@code count} floats of {@code m} as a buffer in native order (no copy). */
    static FloatBuffer floats(memory m, long count) {
        Pointer handle = m.get_data_handle();
        return new FloatPointer(handle).capacity(count).asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Sets the first {@code count} floats of {@code m} to zero. */
    static void zero(memory m, long count) {
        Pointer.memset(m.get_data_handle(), 0, count * Float.BYTES);
    }

    /** Copies {@code count} floats from {@code from} to {@code to}. */
    static void copy(memory from, memory to, long count) {
        Pointer.memcpy(to.get_data_handle(), from.get_data_handle(), count * Float.BYTES);
    }
}
