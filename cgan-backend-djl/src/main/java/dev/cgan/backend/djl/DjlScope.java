package dev.cgan.backend.djl;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A cgan memory scope: the tensors handed out while it was the innermost open scope, freed together on close.
 * Intermediates of each operation never reach it (they die in the operation's own DJL scope, see {@link DjlContext}).
 */
final class DjlScope implements TensorScope {

    private final DjlContext context;
    private final DjlScope parent;
    private final Set<DjlTensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    DjlScope(DjlContext context, DjlScope parent) {
        this.context = context;
        this.parent = parent;
    }

    @Override
    public <T extends Tensor> T keep(T tensor) {
        if (tensor instanceof DjlTensor t && t.owner() == this) {
            owned.remove(t);
            DjlScope heir = parent;
            while (heir != null && heir.closed) {
                heir = heir.parent;
            }
            if (heir != null) {
                heir.adopt(t);
            } else {
                t.owner(null);
            }
        }
        return tensor;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DjlTensor t : new ArrayList<>(owned)) {
            t.release();
        }
        owned.clear();
        context.scopeClosed(this);
    }

    void adopt(DjlTensor tensor) {
        owned.add(tensor);
        tensor.owner(this);
    }

    void forget(DjlTensor tensor) {
        owned.remove(tensor);
    }
}
