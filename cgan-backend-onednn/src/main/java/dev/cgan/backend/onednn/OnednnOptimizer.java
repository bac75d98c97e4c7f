package dev.cgan.backend.onednn;

import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Adam and SGD share: the parameter list, the step count, and per-parameter state under PyTorch's names,
 * persistent in the context and updated in place like the parameters themselves.
 */
abstract class OnednnOptimizer implements Optimizer {

    private final List<Tensor> parameters;
    private final List<OnednnTensor> params;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private long steps;

    OnednnOptimizer(OnednnContext context, List<Tensor> parameters, List<OnednnTensor> params,
                    List<String> stateNames) {
        this.parameters = List.copyOf(parameters);
        this.params = List.copyOf(params);
        for (OnednnTensor p : params) {
            Map<String, Tensor> s = new LinkedHashMap<>();
            for (String name : stateNames) {
                s.put(name, context.persistent(p.shape(), 0f, false));
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
        for (OnednnTensor p : params) {
            p.zeroGrad();
        }
    }

    @Override
    public void step() {
        long step = steps + 1;
        for (int i = 0; i < params.size(); i++) {
            OnednnTensor p = params.get(i);
            // PyTorch skips a parameter whose gradient was never produced (grad is None).
            if (p.gradientProduced()) {
                update(i, p.floats(), p.gradient().floats(), p.size(), step);
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

    /** The state {@code name} of parameter {@code index}, as floats over its memory. */
    protected final FloatBuffer state(int index, String name) {
        return ((OnednnTensor) state.get(index).get(name)).floats();
    }

    /** Updates parameter {@code index} in place from its gradient at step {@code step} (counted from 1). */
    abstract void update(int index, FloatBuffer parameter, FloatBuffer gradient, int size, long step);
}
