package dev.cgan.backend.jcuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Whoever frees a set of tensors together: a {@link CudaScope}, or the context itself for long-lived tensors. */
class TensorOwner {

    private final Set<CudaTensor> tensors = Collections.newSetFromMap(new IdentityHashMap<>());

    void adopt(CudaTensor tensor) {
        if (tensor.owner != null) {
            tensor.owner.forget(tensor);
        }
        tensor.owner = this;
        tensors.add(tensor);
    }

    void forget(CudaTensor tensor) {
        tensors.remove(tensor);
    }

    int size() {
        return tensors.size();
    }

    /** Closes every tensor still owned (in no particular order: views never free memory). */
    void closeAll() {
        List<CudaTensor> all = new ArrayList<>(tensors);
        tensors.clear();
        for (CudaTensor t : all) {
            t.owner = null;
            t.close();
        }
    }
}
