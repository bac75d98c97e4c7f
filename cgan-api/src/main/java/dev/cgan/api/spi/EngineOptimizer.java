package dev.cgan.api.spi;

import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer every engine hands out: the parameters, the step count, and per-parameter state tensors under
 * PyTorch's names ({@link OptimizerSpec#stateNames()}), made by the engine's
 * {@link EngineContext#persistent persistent} factory as zeros (PyTorch creates them at the first step with that
 * value) and updated in place by the engine's {@link UpdateRule}.
 */
final class EngineOptimizer<T extends EngineTensor> implements Optimizer {

    private final EngineContext<T, ?> context;
    private final OptimizerSpec spec;
    private final List<Tensor> parameters;
    private final List<T> params;
    private final UpdateRule<T> rule;
    private final List<List<T>> state = new ArrayList<>();
    private final List<Map<String, Tensor>> namedState = new ArrayList<>();
    private long steps;

    EngineOptimizer(EngineContext<T, ?> context, OptimizerSpec spec, List<Tensor> parameters, List<T> params,
                    UpdateRule<T> rule) {
        this.context = context;
        this.spec = spec;
        this.parameters = parameters;
        this.params = List.copyOf(params);
        this.rule = rule;
        List<String> names = spec.stateNames();
        for (T p : this.params) {
            List<T> tensors = new ArrayList<>(names.size());
            Map<String, Tensor> named = new LinkedHashMap<>();
            for (String name : names) {
                T s = context.persistent(p.shape(), 0f);
                tensors.add(s);
                named.put(name, s);
            }
            state.add(List.copyOf(tensors));
            namedState.add(Collections.unmodifiableMap(named));
        }
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    @Override
    public void zeroGrad() {
        context.requireOpen();
        for (T p : params) {
            p.zeroGrad();
        }
    }

    @Override
    public void step() {
        context.requireOpen();
        long step = steps + 1;
        rule.aroundStep(() -> {
            for (int i = 0; i < params.size(); i++) {
                T p = params.get(i);
                if (p.hasGradient()) {
                    rule.update(p, state.get(i), step);
                }
            }
        });
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
        if (index < 0 || index >= namedState.size()) {
            throw new IndexOutOfBoundsException("parameter index " + index + " of " + namedState.size());
        }
        return namedState.get(index);
    }
}
