package dev.cgan.bench;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.api.tensor.TensorScope;
import java.util.List;
import java.util.Map;

/**
 * A context that hands everything to another one except {@link ComputeContext#forward(List, Tensor, boolean)}, which
 * it leaves at the API's default: each layer's own forward in turn. Networks built on it run the engine's kernels with
 * no fused pairs, so {@link FusionPairs} can time the engine's fusions against the same kernels apart; tests extend it
 * to change one factory of an engine (a deliberately wrong layer).
 */
class DelegatingContext implements ComputeContext {

    /** The context everything is handed to. */
    protected final ComputeContext engine;

    DelegatingContext(ComputeContext engine) {
        this.engine = engine;
    }

    @Override
    public Backend backend() {
        return engine.backend();
    }

    @Override
    public Device device() {
        return engine.device();
    }

    @Override
    public Tensor tensor(float[] values, Shape shape) {
        return engine.tensor(values, shape);
    }

    @Override
    public Tensor zeros(Shape shape) {
        return engine.zeros(shape);
    }

    @Override
    public TensorOps ops() {
        return engine.ops();
    }

    @Override
    public Layer layer(LayerSpec spec) {
        return engine.layer(spec);
    }

    @Override
    public Loss loss(LossSpec spec) {
        return engine.loss(spec);
    }

    @Override
    public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        return engine.optimizer(spec, parameters);
    }

    @Override
    public GradientTape record() {
        return engine.record();
    }

    @Override
    public TensorScope scope() {
        return engine.scope();
    }

    @Override
    public void synchronize() {
        engine.synchronize();
    }

    @Override
    public Map<String, String> diagnostics() {
        return engine.diagnostics();
    }

    @Override
    public void close() {
        engine.close();
    }
}
