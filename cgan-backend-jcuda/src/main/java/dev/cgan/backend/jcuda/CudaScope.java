package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;

/** A memory scope: the tensors created while it is the innermost open scope are freed when it closes. */
final class CudaScope extends TensorOwner implements TensorScope {

    private final CudaContext context;
    private boolean closed;

    CudaScope(CudaContext context) {
        this.context = context;
    }

    @Override
    public <T extends Tensor> T keep(T tensor) {
        if (!(tensor instanceof CudaTensor t) || t.context() != context) {
            throw new IllegalArgumentException("keep: " + tensor + " does not belong to this jcuda context");
        }
        context.parentOf(this).adopt(t);
        return tensor;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.scopeClosed(this);
        closeAll();
    }
}
