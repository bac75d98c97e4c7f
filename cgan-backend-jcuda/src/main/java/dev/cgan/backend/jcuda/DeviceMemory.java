package dev.cgan.backend.jcuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;

/**
 * A caching allocator of device memory. A training iteration frees and then asks again for the same sizes, so freed
 * blocks are kept by size and handed out again instead of paying {@code cudaMalloc}/{@code cudaFree} (which
 * synchronises the device) every time. Everything runs on the legacy default stream, in order, so a block freed by
 * one operation may be reused by the next. All blocks go back to CUDA when the context closes.
 */
final class DeviceMemory implements AutoCloseable {

    /** CUDA aligns allocations to 256 bytes; sizes are rounded to it so that nearby sizes share blocks. */
    static final long GRANULE = 256;

    private final Map<Long, ArrayDeque<Pointer>> free = new HashMap<>();
    private long allocatedBytes;
    private long cachedBytes;

    static long rounded(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation " + bytes);
        }
        return Math.max(GRANULE, (bytes + GRANULE - 1) / GRANULE * GRANULE);
    }

    /** A block of at least {@code bytes}; give it back with {@link #release(Pointer, long)} and the same size. */
    Pointer allocate(long bytes) {
        long size = rounded(bytes);
        ArrayDeque<Pointer> cached = free.get(size);
        if (cached != null && !cached.isEmpty()) {
            cachedBytes -= size;
            return cached.pop();
        }
        Pointer block = new Pointer();
        int rc = cudart.cudaMalloc(block, size);
        if (rc != 0 && !free.isEmpty()) {
            // Out of memory with blocks cached for other sizes: return them to CUDA and try once more.
            releaseCached();
            cudart.cudaGetLastError();
            rc = cudart.cudaMalloc(block, size);
        }
        Status.cuda("cudaMalloc(" + size + " bytes; " + (allocatedBytes >> 20) + " MiB in use)", rc);
        allocatedBytes += size;
        return block;
    }

    /** Returns a block from {@link #allocate(long)} for reuse. */
    void release(Pointer block, long bytes) {
        long size = rounded(bytes);
        free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(block);
        cachedBytes += size;
    }

    private void releaseCached() {
        int failed = 0;
        for (Map.Entry<Long, ArrayDeque<Pointer>> entry : free.entrySet()) {
            for (Pointer block : entry.getValue()) {
                failed = cudart.cudaFree(block) != 0 ? failed + 1 : failed;
                allocatedBytes -= entry.getKey();
            }
        }
        free.clear();
        cachedBytes = 0;
        if (failed > 0) {
            throw new CudaException("cudaFree failed for " + failed + " cached device block(s)");
        }
    }

    long allocatedBytes() {
        return allocatedBytes;
    }

    long cachedBytes() {
        return cachedBytes;
    }

    /** Frees the cached blocks; blocks still handed out are freed by their owners before this is called. */
    @Override
    public void close() {
        releaseCached();
    }
}
