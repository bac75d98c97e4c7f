package dev.cgan.backend.onednn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;

/**
 * The native buffers behind a context's tensors, kept for the next tensor of the same byte size instead of being freed.
 * A training iteration makes and drops the same tensors in the same order every time, so after the first iterations
 * every tensor finds a buffer here and the iteration allocates no tensor memory at all.
 *
 * <p>Why not malloc and free: the tensors of one iteration are a few hundred MB of buffers from 4 KB to a few MB, made
 * and freed interleaved; glibc's allocator then keeps far more than the live set in holes between live buffers (in a
 * diagnostic dcgan32 run that sampled glibc's {@code mallinfo2}, 540 MB of arena for at most about 320 MB in use), and returning the holes to the system instead makes
 * every iteration fault its pages in again. Buffers kept by size hold what the busiest moment of an iteration needs,
 * per size, and are touched once.
 *
 * <p>Each buffer is oneDNN memory of bytes (oneDNN aligns it for its kernels); a tensor's memory is a second memory
 * object of the tensor's descriptor over that buffer's handle. Not thread-safe beyond its own lock: one context, one
 * training thread.
 */
final class BufferPool {

    /** A buffer and its size. */
    private record Buffer(memory bytes, long size) {
    }

    private final engine engine;
    /** Free buffers by their byte size. */
    private final Map<Long, ArrayDeque<memory>> free = new HashMap<>();
    /** The byte descriptor of each buffer size, made once. */
    private final Map<Long, memory.desc> byteDescs = new HashMap<>();
    /** The buffer under each tensor memory handed out and not yet given back. */
    private final Map<memory, Buffer> lent = new IdentityHashMap<>();
    private long heldBytes;
    private boolean closed;

    BufferPool(engine engine) {
        this.engine = engine;
    }

    /** New memory of {@code desc} over a kept buffer of its size (or a new one); give it back with {@link #give}. */
    synchronized memory take(memory.desc desc) {
        if (closed) {
            throw new IllegalStateException("the oneDNN context is closed");
        }
        long bytes = desc.get_size();
        ArrayDeque<memory> kept = free.get(bytes);
        memory buffer = kept == null ? null : kept.pollLast();
        if (buffer == null) {
            buffer = new memory(byteDescs.computeIfAbsent(bytes,
                    b -> new memory.desc(new long[] {b}, memory.data_type.u8, memory.format_tag.a)), engine);
            heldBytes += bytes;
        }
        memory view = new memory(desc, engine, buffer.get_data_handle());
        lent.put(view, new Buffer(buffer, bytes));
        return view;
    }

    /** Frees {@code view} (memory from {@link #take}) and keeps its buffer for the next tensor of that size. */
    synchronized void give(memory view) {
        Buffer buffer = lent.remove(view);
        view.close();
        if (buffer == null) {
            return;
        }
        if (closed) {
            buffer.bytes().close();
            return;
        }
        free.computeIfAbsent(buffer.size(), b -> new ArrayDeque<>()).addLast(buffer.bytes());
    }

    /** Bytes of every buffer this pool has made and not freed (lent and kept). */
    synchronized long heldBytes() {
        return heldBytes;
    }

    /** Frees the kept buffers (and those still lent, whose tensors must not be used any more). */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<memory> all = new ArrayList<>();
        lent.values().forEach(b -> all.add(b.bytes()));
        free.values().forEach(all::addAll);
        lent.keySet().forEach(memory::close);
        lent.clear();
        free.clear();
        all.forEach(memory::close);
        byteDescs.values().forEach(memory.desc::close);
        byteDescs.clear();
        heldBytes = 0;
    }
}
