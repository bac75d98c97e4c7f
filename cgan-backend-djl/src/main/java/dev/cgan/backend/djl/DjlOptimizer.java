package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Adam and SGD share: the parameter list, the step count, per-parameter state tensors under PyTorch's names, and
 * an update loop that runs with recording off, in place on the parameters' own arrays.
 */
abstract class DjlOptimizer implements Optimizer {

    protected final DjlContext context;
    private final List<Tensor> parameters;
    private final List<DjlTensor> params;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private long steps;

    DjlOptimizer(DjlContext context, List<Tensor> parameters, List<DjlTensor> params, List<String> stateNames) {
        this.context = context;
        this.parameters = List.copyOf(parameters);
        this.params = List.copyOf(params);
        for (DjlTensor p : params) {
            Map<String, Tensor> s = new LinkedHashMap<>();
            for (String name : stateNames) {
                // Created eagerly as zeros (PyTorch creates them at the first step with the same value), outside any
                // scope: optimizer state lives as long as the context.
                s.put(name, context.persistent(context.persistentArray(p.shape(), 0f), false));
            }
            state.add(Collections.unmodifiableMap(s));
        }
    }

    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    @Override
    public void zeroGrad() {
        for (DjlTensor p : params) {
            p.zeroGrad();
        }
    }

    @Override
    public void step() {
        long step = steps + 1;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < params.size(); i++) {
                DjlTensor p = params.get(i);
                int index = i;
                context.run(() -> {
                    NDArray gradient = TorchFunctions.gradient(p.array());
                    // PyTorch skips a parameter whose gradient was never produced (grad is None).
                    if (gradient != null) {
                        update(index, p.array(), gradient, step);
                    }
                });
            }
        }
        steps = step;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void setSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        this.steps = steps;
    }

    @Override
    public Map<String, Tensor> state(int index) {
        return state.get(index);
    }

    /** The state array {@code name} of parameter {@code index}. */
    protected final NDArray state(int index, String name) {
        return context.array(state.get(index).get(name));
    }

    /** Shape of parameter {@code index}. */
    protected final Shape shapeOf(int index) {
        return params.get(index).shape();
    }

    /**
     * Updates parameter {@code index} in place from its gradient at step {@code step} (counted from 1). Runs with
     * recording off inside a DJL scope that frees its temporaries.
     */
    abstract void update(int index, NDArray parameter, NDArray gradient, long step);
}
