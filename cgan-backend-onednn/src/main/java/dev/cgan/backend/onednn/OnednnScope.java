package dev.cgan.backend.onednn;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgan memory scope: the tensors made while it is the innermost open scope, closed (their oneDNN memory freed)
 * when it closes, except those kept, which move to the enclosing scope (or, outside every scope, to the context).
 */
final class OnednnScope implements TensorScope {

    private final OnednnContext context;
    private final OnednnScope parent;
    private final List<OnednnTensor> owned = new ArrayList<>();
    private boolean closed;

    OnednnScope(OnednnContext context, OnednnScope parent) {
        this.context = context;
        this.parent = parent;
    }

    @Override
    public <T extends Tensor> T keep(T tensor) {
        if (tensor instanceof OnednnTensor t && t.owner() == this && !closed) {
            OnednnScope heir = parent;
            while (heir != null && heir.closed) {
                heir = heir.parent;
            }
            if (heir != null) {
                heir.adopt(t);
            } else {
                t.owner(null);
                context.adoptUnscoped(t);
            }
        }
        return tensor;
    }

    /** Makes this scope the owner of {@code tensor}. */
    void adopt(OnednnTensor tensor) {
        owned.add(tensor);
        tensor.owner(this);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Views (detach) are closed before nothing else reads them; closing one never frees shared memory.
        for (OnednnTensor t : owned) {
            if (t.owner() == this) {
                t.close();
            }
        }
        owned.clear();
        context.scopeClosed(this);
    }
}
