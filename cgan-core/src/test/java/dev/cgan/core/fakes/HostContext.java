package dev.cgan.core.fakes;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compute context that holds layers' parameters, buffers and optimizer state as host arrays and computes nothing:
 * it lets initialisation and checkpoint code be tested against real {@link dev.cgan.core.model.Network}s without a
 * backend. Every computing method throws.
 */
public final class HostContext implements ComputeContext {

    @Override
    public Backend backend() {
        throw new UnsupportedOperationException("HostContext has no backend");
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public Tensor tensor(float[] values, Shape shape) {
        return new HostTensor(shape, values);
    }

    @Override
    public Tensor zeros(Shape shape) {
        return new HostTensor(shape, new float[shape.sizeAsInt()]);
    }

    @Override
    public TensorOps ops() {
        throw new UnsupportedOperationException("HostContext computes nothing");
    }

    @Override
    public Layer layer(LayerSpec spec) {
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        spec.parameterShapes().forEach((name, shape) -> parameters.put(name, filled(shape,
                spec instanceof BatchNorm2d && name.equals("weight") ? 1f : 0f).requireGrad()));
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        spec.bufferShapes().forEach((name, shape) -> buffers.put(name, filled(shape,
                name.equals("running_var") ? 1f : 0f)));
        return new Layer() {
            @Override
            public LayerSpec spec() {
                return spec;
            }

            @Override
            public Tensor forward(Tensor input, boolean training) {
                throw new UnsupportedOperationException("HostContext computes nothing");
            }

            @Override
            public Map<String, Tensor> parameters() {
                return parameters;
            }

            @Override
            public Map<String, Tensor> buffers() {
                return buffers;
            }
        };
    }

    @Override
    public Loss loss(LossSpec spec) {
        throw new UnsupportedOperationException("HostContext computes nothing");
    }

    @Override
    public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        List<Map<String, Tensor>> state = new ArrayList<>();
        for (Tensor p : parameters) {
            Map<String, Tensor> s = new LinkedHashMap<>();
            s.put("exp_avg", filled(p.shape(), 0f));
            s.put("exp_avg_sq", filled(p.shape(), 0f));
            state.add(s);
        }
        List<Tensor> params = List.copyOf(parameters);
        return new Optimizer() {
            private long steps;

            @Override
            public OptimizerSpec spec() {
                return spec;
            }

            @Override
            public List<Tensor> parameters() {
                return params;
            }

            @Override
            public void zeroGrad() {
            }

            @Override
            public void step() {
                steps++;
            }

            @Override
            public long steps() {
                return steps;
            }

            @Override
            public void setSteps(long value) {
                steps = value;
            }

            @Override
            public Map<String, Tensor> state(int index) {
                return state.get(index);
            }
        };
    }

    @Override
    public GradientTape record() {
        throw new UnsupportedOperationException("HostContext computes nothing");
    }

    @Override
    public TensorScope scope() {
        throw new UnsupportedOperationException("HostContext computes nothing");
    }

    @Override
    public void close() {
    }

    private static Tensor filled(Shape shape, float value) {
        float[] v = new float[shape.sizeAsInt()];
        Arrays.fill(v, value);
        return new HostTensor(shape, v);
    }
}
