package dev.cgan.api.spi;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.layer.Upsample;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The smallest engine on the kit, for the kit's own tests: host float arrays, ReLU, Dropout, the tensor operations a
 * test needs, a mean-squared "loss" standing in for BCE, and SGD; everything else declared unsupported. It also counts
 * what it releases, so tests can see that scopes and the context free what they own.
 */
final class HostEngine implements Backend {

    int released;

    @Override
    public String name() {
        return "host";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "host arrays, for the kit's tests";
    }

    @Override
    public Availability availability() {
        return Availability.available("always");
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.cpu());
    }

    @Override
    public Context open(Device device, BackendOptions options) {
        return new Context(this, device);
    }

    static final class Tensor extends EngineTensor {
        final float[] values;
        private final HostEngine engine;
        float[] grad;

        Tensor(Context context, Shape shape, float[] values) {
            super(context, shape);
            this.values = values;
            this.engine = context.engine;
        }

        @Override
        public boolean hasGradient() {
            return grad != null;
        }

        @Override
        protected float[] readValues() {
            return values.clone();
        }

        @Override
        protected void writeValues(float[] v) {
            System.arraycopy(v, 0, values, 0, v.length);
        }

        @Override
        protected void release() {
            engine.released++;
        }

        @Override
        protected dev.cgan.api.tensor.Tensor leafGradient() {
            return new Tensor((Context) ownerContext(), shape(), grad == null ? new float[values.length] : grad);
        }

        private EngineContext<?, ?> ownerContext() {
            return owningContext();
        }

        @Override
        public void zeroGrad() {
            if (grad != null) {
                Arrays.fill(grad, 0f);
            }
        }

        @Override
        public dev.cgan.api.tensor.Tensor detach() {
            Context c = (Context) owningContext();
            return c.adopt(new Tensor(c, shape(), values));
        }
    }

    static final class Math implements BackwardTape.GradientMath<Tensor, float[]> {
        @Override
        public float[] onesLike(Tensor t) {
            float[] ones = new float[t.values.length];
            Arrays.fill(ones, 1f);
            return ones;
        }

        @Override
        public float[] sum(float[] a, float[] b) {
            float[] s = a.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += b[i];
            }
            return s;
        }

        @Override
        public void accumulate(Tensor leaf, float[] g) {
            leaf.grad = leaf.grad == null ? g.clone() : sum(leaf.grad, g);
        }
    }

    static final class Context extends EngineContext<Tensor, BackwardTape<Tensor, float[]>> {
        final HostEngine engine;
        int scopeMemoriesClosed;

        Context(HostEngine engine, Device device) {
            super(engine, device, Tensor.class);
            this.engine = engine;
        }

        Tensor result(Shape shape, float[] values) {
            return adopt(new Tensor(this, shape, values));
        }

        @Override
        protected Tensor newTensor(float[] values, Shape shape) {
            return result(shape, values.clone());
        }

        @Override
        protected Tensor newZeros(Shape shape) {
            return result(shape, new float[shape.sizeAsInt()]);
        }

        @Override
        protected Tensor persistent(Shape shape, float fill) {
            float[] v = new float[shape.sizeAsInt()];
            Arrays.fill(v, fill);
            return adoptPersistent(new Tensor(this, shape, v));
        }

        @Override
        protected BackwardTape<Tensor, float[]> newTape() {
            return new BackwardTape<>(new Math());
        }

        @Override
        protected AutoCloseable openScopeMemory(int depth) {
            return () -> scopeMemoriesClosed++;
        }

        @Override
        public Ops ops() {
            return new Ops(this);
        }

        @Override
        protected Layer conv2d(Conv2d spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer convTranspose2d(ConvTranspose2d spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer batchNorm2d(BatchNorm2d spec) {
            return new EngineLayer<Tensor, Context, BatchNorm2d>(this, spec) {
                @Override
                protected Tensor compute(Tensor input, boolean training) {
                    throw unsupported("BatchNorm2d forward");
                }
            };
        }

        @Override
        protected Layer linear(Linear spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer maxout(Maxout spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer dropout(Dropout spec) {
            return new DropoutLayer<Tensor, Context>(this, spec) {
                @Override
                protected Tensor passThrough(Tensor input) {
                    Tensor out = result(input.shape(), input.values.clone());
                    recordElementwise(out, input, null);
                    return out;
                }

                @Override
                protected Tensor multiply(Tensor input, Tensor scales) {
                    float[] y = new float[input.values.length];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = input.values[i] * scales.values[i];
                    }
                    Tensor out = result(input.shape(), y);
                    recordElementwise(out, input, scales.values);
                    return out;
                }
            };
        }

        @Override
        protected Layer relu(ReLU spec) {
            return new EngineLayer<Tensor, Context, ReLU>(this, spec) {
                @Override
                protected Tensor compute(Tensor input, boolean training) {
                    float[] y = new float[input.values.length];
                    float[] slope = new float[y.length];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = java.lang.Math.max(0f, input.values[i]);
                        slope[i] = input.values[i] > 0 ? 1f : 0f;
                    }
                    Tensor out = result(input.shape(), y);
                    recordElementwise(out, input, slope);
                    return out;
                }
            };
        }

        @Override
        protected Layer leakyRelu(LeakyReLU spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer tanh(Tanh spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer sigmoid(Sigmoid spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer upsample(Upsample spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer avgPool2d(AvgPool2d spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer embedding(Embedding spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer conditionalBatchNorm2d(ConditionalBatchNorm2d spec) {
            throw unsupported(spec);
        }

        @Override
        protected Layer spectralNorm(SpectralNorm spec) {
            throw unsupported(spec);
        }

        /** Mean squared error standing in for BCE: the tests need any loss with the kit's checks around it. */
        @Override
        protected LossKernel<Tensor> binaryCrossEntropy(LossSpec.BinaryCrossEntropy spec) {
            return (p, t) -> {
                float[] d = new float[p.values.length];
                float sum = 0;
                for (int i = 0; i < d.length; i++) {
                    d[i] = p.values[i] - t.values[i];
                    sum += d[i] * d[i];
                }
                int n = d.length;
                Tensor out = result(Shape.of(), new float[] {sum / n});
                BackwardTape<Tensor, float[]> tape = recording(p);
                if (tape != null) {
                    tape.record(out, g -> {
                        float[] dp = new float[n];
                        for (int i = 0; i < n; i++) {
                            dp[i] = 2 * d[i] / n * g[0];
                        }
                        return new float[][] {dp};
                    }, p);
                }
                return out;
            };
        }

        @Override
        protected LossKernel<Tensor> binaryCrossEntropyWithLogits(LossSpec.BinaryCrossEntropyWithLogits spec) {
            throw unsupported(spec);
        }

        @Override
        protected LossKernel<Tensor> crossEntropy(LossSpec.CrossEntropy spec) {
            throw unsupported(spec);
        }

        @Override
        protected LossKernel<Tensor> hinge(LossSpec.Hinge spec) {
            throw unsupported(spec);
        }

        @Override
        protected UpdateRule<Tensor> adam(OptimizerSpec.Adam spec) {
            throw unsupported(spec);
        }

        @Override
        protected UpdateRule<Tensor> sgd(OptimizerSpec.Sgd spec) {
            return (p, state, step) -> {
                float[] b = state.get(0).values;
                for (int i = 0; i < b.length; i++) {
                    b[i] = step == 1 ? p.grad[i] : (float) spec.momentum() * b[i] + p.grad[i];
                    p.values[i] -= (float) spec.lr() * b[i];
                }
            };
        }

        /** Records {@code out = f(input)} element-wise with local slopes ({@code null}: one). */
        void recordElementwise(Tensor out, Tensor input, float[] slope) {
            BackwardTape<Tensor, float[]> tape = recording(input);
            if (tape != null) {
                tape.record(out, g -> {
                    float[] dx = g.clone();
                    if (slope != null) {
                        for (int i = 0; i < dx.length; i++) {
                            dx[i] *= slope[i];
                        }
                    }
                    return new float[][] {dx};
                }, input);
            }
        }
    }

    static final class Ops extends EngineTensorOps<Tensor, Context> {

        Ops(Context context) {
            super(context);
        }

        @Override
        protected Tensor concatChannelsOf(Tensor a, Tensor b) {
            throw context.unsupported("concatChannels");
        }

        @Override
        protected Tensor reshapeOf(Tensor t, Shape shape) {
            Tensor out = context.result(shape, t.values.clone());
            context.recordElementwise(out, t, null);
            return out;
        }

        @Override
        protected Tensor broadcastLabelsOf(Tensor labels, int height, int width) {
            throw context.unsupported("broadcastLabels");
        }

        @Override
        protected Tensor addOf(Tensor a, Tensor b) {
            float[] s = a.values.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += b.values[i];
            }
            Tensor out = context.result(a.shape(), s);
            BackwardTape<Tensor, float[]> tape = context.recording(a, b);
            if (tape != null) {
                tape.record(out, g -> new float[][] {g, g}, a, b);
            }
            return out;
        }

        @Override
        protected Tensor sumSpatialOf(Tensor t) {
            throw context.unsupported("sumSpatial");
        }

        @Override
        protected Tensor rowDotOf(Tensor a, Tensor b) {
            throw context.unsupported("rowDot");
        }

        @Override
        protected Tensor meanOf(Tensor t) {
            float sum = 0;
            for (float v : t.values) {
                sum += v;
            }
            int n = t.values.length;
            Tensor out = context.result(Shape.of(), new float[] {sum / n});
            BackwardTape<Tensor, float[]> tape = context.recording(t);
            if (tape != null) {
                tape.record(out, g -> {
                    float[] dx = new float[n];
                    Arrays.fill(dx, g[0] / n);
                    return new float[][] {dx};
                }, t);
            }
            return out;
        }

        @Override
        protected Tensor dotOf(Tensor a, Tensor b) {
            float sum = 0;
            for (int i = 0; i < a.values.length; i++) {
                sum += a.values[i] * b.values[i];
            }
            Tensor out = context.result(Shape.of(), new float[] {sum});
            BackwardTape<Tensor, float[]> tape = context.recording(a, b);
            if (tape != null) {
                tape.record(out, g -> new float[][] {scaled(b.values, g[0]), scaled(a.values, g[0])}, a, b);
            }
            return out;
        }

        private static float[] scaled(float[] v, float s) {
            float[] out = v.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] *= s;
            }
            return out;
        }
    }

    static ComputeContext openCpu() {
        return new HostEngine().open(Device.cpu(), BackendOptions.defaults());
    }
}
