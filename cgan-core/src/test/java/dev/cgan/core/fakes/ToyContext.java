package dev.cgan.core.fakes;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
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
import java.util.OptionalLong;

/**
 * A deterministic stand-in for a backend, for testing the training loop's orchestration — schedules, listeners,
 * checkpoints, resuming, stopping — without native code. It is NOT a neural-network engine: layers compute cheap
 * functions of their input and parameters (so losses depend on the batch, the noise and every update), "backward"
 * only remembers the loss, and the optimizer moves parameters by a momentum of remembered losses. Activations,
 * tensor operations and the BCE loss are computed for real.
 */
public final class ToyContext implements ComputeContext {

    private final HostContext host = new HostContext();
    private double lastBackwardLoss;
    private long poisonAtStep = -1;

    /** Makes the parameters NaN when an optimizer takes its {@code steps}-th step, so the next iteration diverges. */
    public void poisonAtStep(long steps) {
        poisonAtStep = steps;
    }

    @Override
    public Backend backend() {
        return new CpuOnlyBackend("toy", 0, "deterministic test stand-in", (backend, device) -> new ToyContext());
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public Tensor tensor(float[] values, Shape shape) {
        return host.tensor(values, shape);
    }

    @Override
    public Tensor zeros(Shape shape) {
        return host.zeros(shape);
    }

    @Override
    public TensorOps ops() {
        return new TensorOps() {
            @Override
            public Tensor concatChannels(Tensor a, Tensor b) {
                int[] da = a.shape().dims();
                int n = da[0];
                int ca = da[1];
                int cb = b.shape().dim(1);
                int inner = (int) (a.shape().size() / ((long) n * ca));
                float[] x = a.toFloatArray();
                float[] y = b.toFloatArray();
                float[] out = new float[x.length + y.length];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(x, i * ca * inner, out, i * (ca + cb) * inner, ca * inner);
                    System.arraycopy(y, i * cb * inner, out, (i * (ca + cb) + ca) * inner, cb * inner);
                }
                da[1] = ca + cb;
                return tensor(out, Shape.of(da));
            }

            @Override
            public Tensor reshape(Tensor t, Shape shape) {
                return tensor(t.toFloatArray(), shape);
            }

            @Override
            public Tensor broadcastLabels(Tensor labels, int height, int width) {
                int n = labels.shape().dim(0);
                int c = labels.shape().dim(1);
                float[] l = labels.toFloatArray();
                float[] out = new float[n * c * height * width];
                for (int i = 0; i < n * c; i++) {
                    java.util.Arrays.fill(out, i * height * width, (i + 1) * height * width, l[i]);
                }
                return tensor(out, Shape.of(n, c, height, width));
            }

            @Override
            public Tensor add(Tensor a, Tensor b) {
                float[] x = a.toFloatArray();
                float[] y = b.toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    x[i] += y[i];
                }
                return tensor(x, a.shape());
            }

            @Override
            public Tensor sumSpatial(Tensor t) {
                throw new UnsupportedOperationException("the toy context has no sumSpatial");
            }

            @Override
            public Tensor rowDot(Tensor a, Tensor b) {
                throw new UnsupportedOperationException("the toy context has no rowDot");
            }

            @Override
            public Tensor mean(Tensor t) {
                return tensor(new float[] {(float) average(t.toFloatArray(), 0, (int) t.shape().size())},
                        Shape.scalar());
            }

            @Override
            public Tensor dot(Tensor a, Tensor b) {
                float[] x = a.toFloatArray();
                float[] y = b.toFloatArray();
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    s += x[i] * y[i];
                }
                return tensor(new float[] {(float) s}, Shape.scalar());
            }
        };
    }

    @Override
    public Layer layer(LayerSpec spec) {
        Layer storage = host.layer(spec);
        // Dropout as the backends do it: the API's mask stream, drawn on training-mode forwards only.
        DropoutMask mask = spec instanceof Dropout d ? new DropoutMask(d.seed()) : null;
        return new Layer() {
            @Override
            public LayerSpec spec() {
                return spec;
            }

            @Override
            public Map<String, Tensor> parameters() {
                return storage.parameters();
            }

            @Override
            public Map<String, Tensor> buffers() {
                return storage.buffers();
            }

            @Override
            public Tensor forward(Tensor input, boolean training) {
                if (mask != null) {
                    float[] x = input.toFloatArray();
                    if (training) {
                        float[] scales = mask.nextScales(x.length, ((Dropout) spec).p());
                        for (int i = 0; i < x.length; i++) {
                            x[i] *= scales[i];
                        }
                    }
                    return tensor(x, input.shape());
                }
                return toyForward(spec, storage, input, training);
            }

            @Override
            public OptionalLong randomState() {
                return mask == null ? OptionalLong.empty() : OptionalLong.of(mask.state());
            }

            @Override
            public void restoreRandomState(long state) {
                if (mask == null) {
                    Layer.super.restoreRandomState(state);
                } else {
                    mask.setState(state);
                }
            }
        };
    }

    @Override
    public Loss loss(LossSpec spec) {
        return new Loss() {
            @Override
            public LossSpec spec() {
                return spec;
            }

            @Override
            public Tensor compute(Tensor prediction, Tensor target) {
                float[] p = prediction.toFloatArray();
                float[] t = target.toFloatArray();
                double sum = 0;
                for (int i = 0; i < p.length; i++) {
                    double logP = Math.max(Math.log(p[i]), -100);
                    double log1mP = Math.max(Math.log(1 - p[i]), -100);
                    sum += -(t[i] * logP + (1 - t[i]) * log1mP);
                }
                return tensor(new float[] {(float) (sum / p.length)}, Shape.scalar());
            }
        };
    }

    @Override
    public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
        Optimizer storage = host.optimizer(spec, parameters);
        return new Optimizer() {
            @Override
            public OptimizerSpec spec() {
                return spec;
            }

            @Override
            public List<Tensor> parameters() {
                return storage.parameters();
            }

            @Override
            public void zeroGrad() {
            }

            @Override
            public void step() {
                storage.step();
                boolean poison = poisonAtStep > 0 && storage.steps() == poisonAtStep;
                for (int j = 0; j < parameters.size(); j++) {
                    Tensor m = storage.state(j).get("exp_avg");
                    float[] mv = m.toFloatArray();
                    float[] p = parameters.get(j).toFloatArray();
                    for (int i = 0; i < p.length; i++) {
                        mv[i] = (float) (0.5 * mv[i] + lastBackwardLoss);
                        p[i] = poison ? Float.NaN : (float) (p[i] - spec.lr() * mv[i] * (((i + j) % 7) - 3) / 3.0);
                    }
                    m.copyFrom(mv);
                    parameters.get(j).copyFrom(p);
                }
            }

            @Override
            public long steps() {
                return storage.steps();
            }

            @Override
            public void setSteps(long steps) {
                storage.setSteps(steps);
            }

            @Override
            public Map<String, Tensor> state(int index) {
                return storage.state(index);
            }
        };
    }

    @Override
    public GradientTape record() {
        return new CallbackTape(loss -> lastBackwardLoss = loss.item());
    }

    @Override
    public TensorScope scope() {
        return new KeepAllScope();
    }

    @Override
    public void close() {
    }

    private Tensor toyForward(LayerSpec spec, Layer storage, Tensor input, boolean training) {
        float[] x = input.toFloatArray();
        if (spec instanceof ReLU || spec instanceof LeakyReLU || spec instanceof Tanh || spec instanceof Sigmoid) {
            for (int i = 0; i < x.length; i++) {
                x[i] = activation(spec, x[i]);
            }
            return tensor(x, input.shape());
        }
        if (spec instanceof BatchNorm2d) {
            return toyBatchNorm(storage, input, x, training);
        }
        // Convolutions and Linear: each sample's output is a function of that sample's mean and the mean weight.
        Shape outShape = spec.outputShape(input.shape());
        int n = outShape.dim(0);
        int perIn = x.length / n;
        int perOut = (int) (outShape.size() / n);
        double weight = average(storage.parameters().get("weight").toFloatArray(), 0,
                (int) storage.parameters().get("weight").shape().size());
        float[] out = new float[n * perOut];
        for (int s = 0; s < n; s++) {
            double mean = average(x, s * perIn, perIn);
            for (int k = 0; k < perOut; k++) {
                out[s * perOut + k] = (float) (0.5 * mean + 10 * weight + 0.01 * ((k % 13) - 6));
            }
        }
        return tensor(out, outShape);
    }

    private Tensor toyBatchNorm(Layer storage, Tensor input, float[] x, boolean training) {
        int n = input.shape().dim(0);
        int c = input.shape().dim(1);
        int hw = x.length / (n * c);
        float[] gamma = storage.parameters().get("weight").toFloatArray();
        float[] beta = storage.parameters().get("bias").toFloatArray();
        Tensor running = storage.buffers().get("running_mean");
        float[] rm = running.toFloatArray();
        float[] mean = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += average(x, (i * c + ch) * hw, hw);
            }
            mean[ch] = training ? (float) (s / n) : rm[ch];
            rm[ch] = training ? (float) (0.9 * rm[ch] + 0.1 * s / n) : rm[ch];
        }
        if (training) {
            running.copyFrom(rm);
        }
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    int k = (i * c + ch) * hw + p;
                    x[k] = (x[k] - mean[ch]) * gamma[ch] + beta[ch];
                }
            }
        }
        return tensor(x, input.shape());
    }

    private static float activation(LayerSpec spec, float v) {
        if (spec instanceof ReLU) {
            return Math.max(0f, v);
        } else if (spec instanceof LeakyReLU l) {
            return v > 0 ? v : (float) (l.slope() * v);
        } else if (spec instanceof Tanh) {
            return (float) Math.tanh(v);
        }
        return (float) (1 / (1 + Math.exp(-v)));
    }

    private static double average(float[] v, int from, int length) {
        double s = 0;
        for (int i = from; i < from + length; i++) {
            s += v[i];
        }
        return s / length;
    }
}
