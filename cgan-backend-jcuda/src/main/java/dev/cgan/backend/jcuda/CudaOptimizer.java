package dev.cgan.backend.jcuda;

import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam and SGD with momentum, one in-place kernel launch per parameter (optimizer.cu). Bias corrections are computed
 * on the host in double, as PyTorch computes them in Python, and passed as float32 scalars. A parameter that has never
 * received a gradient is skipped, as PyTorch skips a parameter whose {@code grad} is None.
 */
final class CudaOptimizer implements Optimizer {

    private final CudaContext context;
    private final OptimizerSpec spec;
    private final List<Tensor> parameters;
    private final List<CudaTensor> params;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private long steps;

    CudaOptimizer(CudaContext context, OptimizerSpec spec, List<Tensor> parameters, List<CudaTensor> params) {
        this.context = context;
        this.spec = spec;
        this.parameters = parameters;
        this.params = params;
        List<String> names = spec instanceof OptimizerSpec.Adam ? List.of("exp_avg", "exp_avg_sq")
                : List.of("momentum_buffer");
        for (CudaTensor p : params) {
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException("optimizer parameter " + p + " does not require gradients");
            }
            Map<String, Tensor> s = new LinkedHashMap<>();
            for (String name : names) {
                s.put(name, context.persistentZeros(p.shape()));
            }
            state.add(Collections.unmodifiableMap(s));
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
        params.forEach(CudaTensor::zeroGrad);
    }

    @Override
    public void step() {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            CudaTensor p = params.get(i);
            if (!p.hasGrad()) {
                continue;
            }
            CudaTensor g = p.gradBuffer();
            int n = p.count();
            if (spec instanceof OptimizerSpec.Adam adam) {
                AdamScalars s = AdamScalars.at(adam, steps);
                context.ops().launch(KernelSource.OPTIMIZER, "adam_step", n, p.data(), g.data(),
                        stateOf(i, "exp_avg").data(), stateOf(i, "exp_avg_sq").data(), (float) adam.beta2(),
                        (float) (1 - adam.beta1()), (float) (1 - adam.beta2()), s.stepSize(),
                        s.biasCorrection2Sqrt(), (float) adam.eps(), n);
            } else {
                OptimizerSpec.Sgd sgd = (OptimizerSpec.Sgd) spec;
                context.ops().launch(KernelSource.OPTIMIZER, "sgd_step", n, p.data(), g.data(),
                        stateOf(i, "momentum_buffer").data(), (float) sgd.lr(), (float) sgd.momentum(),
                        steps == 1 ? 1 : 0, n);
            }
        }
    }

    private CudaTensor stateOf(int index, String name) {
        return (CudaTensor) state.get(index).get(name);
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
}
