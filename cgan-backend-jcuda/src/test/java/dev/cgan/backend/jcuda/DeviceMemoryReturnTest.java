package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.TensorScope;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * The kit's ownership as this engine's caching allocator sees it, on the host: closing a tensor or its scope gives its
 * device block back to {@link DeviceMemory} exactly once, a view gives nothing back, and a kept tensor keeps its
 * block. The context is never opened (no CUDA call is made): its tensors are adopted the way {@code allocate} adopts
 * them, around placeholder pointers instead of {@code cudaMalloc}'s blocks, and it is not closed (that would hand the
 * cached placeholders to {@code cudaFree}).
 */
class DeviceMemoryReturnTest {

    private final CudaContext context = new CudaContext(new JcudaBackend(), Device.gpu(0, "host test"),
            BackendOptions.defaults());

    /** A tensor owning a block, owned by the innermost scope, as {@code CudaContext.allocate} makes it. */
    private CudaTensor owningBlock(Shape shape) {
        return context.adopt(new CudaTensor(context, shape, new Pointer(), true));
    }

    private long cached() {
        return context.memory().cachedBytes();
    }

    @Test
    void closingAScopeReturnsTheBlocksItOwnsOnce() {
        CudaTensor outside = owningBlock(Shape.of(64));
        TensorScope scope = context.scope();
        CudaTensor a = owningBlock(Shape.of(100));         // 400 bytes, a 512-byte block
        CudaTensor b = owningBlock(Shape.of(2, 4));        // 32 bytes, a 256-byte block
        CudaTensor view = context.view(a, Shape.of(10, 10));
        CudaTensor kept = scope.keep(owningBlock(Shape.of(3)));
        scope.close();

        assertTrue(a.isClosed() && b.isClosed() && view.isClosed(), "the scope closed what it owned");
        assertEquals(512 + 256, cached(), "a's and b's blocks, and nothing for the view");
        assertFalse(kept.isClosed());
        assertFalse(outside.isClosed());

        a.close();
        scope.close();
        assertEquals(512 + 256, cached(), "closing again returns nothing twice");
        kept.close();
        assertEquals(512 + 256 + 256, cached(), "a kept tensor returns its block when it is closed");
    }

    @Test
    void closingATensorReturnsItsBlockAndLeavesItsScope() {
        TensorScope scope = context.scope();
        CudaTensor t = owningBlock(Shape.of(200));         // 800 bytes, a 1024-byte block
        t.close();
        assertEquals(1024, cached());
        scope.close();
        assertEquals(1024, cached(), "the scope does not return a closed tensor's block again");
    }
}
