package dev.cgan.api.spi;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A {@link TensorScope} of the kit: the set of tensors made while it was the innermost open scope, freed together when
 * it closes. An engine that allocates scope memory in bulk (an arena, a workspace) attaches it with
 * {@link EngineContext#openScopeMemory(int)}; it is closed after the scope's tensors are released.
 */
public final class EngineScope implements TensorScope {

    private final EngineContext<?, ?> context;
    private final EngineScope parent;
    private final int depth;
    private final AutoCloseable memory;
    private final Set<EngineTensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    EngineScope(EngineContext<?, ?> context, EngineScope parent, int depth, AutoCloseable memory) {
        this.context = context;
        this.parent = parent;
        this.depth = depth;
        this.memory = memory;
    }

    /** How many scopes enclose this one (0 for an outermost scope). */
    public int depth() {
        return depth;
    }

    /** What {@link EngineContext#openScopeMemory(int)} gave this scope, or {@code null}. */
    public AutoCloseable memory() {
        return memory;
    }

    /** The nearest enclosing scope that is still open, or {@code null} (the context). */
    public EngineScope openParent() {
        EngineScope p = parent;
        while (p != null && p.closed) {
            p = p.parent;
        }
        return p;
    }

    /** Whether the scope has been closed. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T extends Tensor> T keep(T tensor) {
        if (closed) {
            throw new IllegalStateException("keep on a closed scope: the tensor was freed with it");
        }
        EngineTensor t = context.own(tensor);
        if (t.owner() == this) {
            context.moveOut(t, this, openParent());
        }
        return tensor;
    }

    void adopt(EngineTensor tensor) {
        owned.add(tensor);
        tensor.owner(this);
    }

    void forget(EngineTensor tensor) {
        owned.remove(tensor);
    }

    int size() {
        return owned.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        context.closeScope(this);
    }

    /** Frees the owned tensors, then the scope's memory; called by the context, innermost scopes first. */
    void release() {
        closed = true;
        List<EngineTensor> all = new ArrayList<>(owned);
        owned.clear();
        for (EngineTensor t : all) {
            t.owner(null);
            t.closeByOwner();
        }
        if (memory != null) {
            try {
                memory.close();
            } catch (Exception e) {
                throw new IllegalStateException(context.engineName() + " could not free a scope's memory: "
                        + e.getMessage(), e);
            }
        }
    }
}
