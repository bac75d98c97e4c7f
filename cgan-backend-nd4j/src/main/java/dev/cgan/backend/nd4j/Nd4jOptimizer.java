package dev.cgan.backend.nd4j;

import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What Adam and SGD share: the parameter list, the step count, and per-parameter state under PyTorch's names, made
 * outside every workspace and updated in place like the parameters themselves.
 */
abstract class Nd4jOptimizer implements Optimizer {

    private final Nd4jContext context;
    private final List<Tensor> parameters;
    private final List<Nd4jTensor> params;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private long steps;

    Nd4jOptimizer(Nd4jContext context, List<Tensor> parameters, List<Nd4jTensor> params, List<String> stateNames) {
        this.context = context;
        this.parameters = List.copyOf(parameters);
        this.params = List.copyOf(params);
        for (Nd4jTensor p : params) {
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
        long start = System.nanoTime();
        for (Nd4jTensor p : params) {
            p.zeroGrad();
        }
        Nd4jOpTimer timer = context.timer();
        if (timer != null) {
            timer.add(getClass().getSimpleName() + " zeroGrad", System.nanoTime() - start);
        }
    }

    @Override
    public void step() {
        Nd4jOpTimer timer = context.timer();
        long start = System.nanoTime();
        long step = steps + 1;
        for (int i = 0; i < params.size(); i++) {
            Nd4jTensor p = params.get(i);
            // PyTorch skips a parameter whose gradient was never produced (grad is None).
            if (p.gradientProduced()) {
                update(i, p.array(), p.gradientArray(), step);
            }
        }
        steps = step;
        if (timer != null) {
            timer.add(getClass().getSimpleName() + " step", System.nanoTime() - start);
        }
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
    protected final INDArray state(int index, String name) {
        return ((Nd4jTensor) state.get(index).get(name)).array();
    }

    /** Updates parameter {@code index} in place from its gradient at step {@code step} (counted from 1). */
    abstract void update(int index, INDArray parameter, INDArray gradient, long step);
}
