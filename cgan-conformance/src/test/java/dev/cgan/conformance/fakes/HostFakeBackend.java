package dev.cgan.conformance.fakes;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
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
import dev.cgan.conformance.ConformanceCase;
import dev.cgan.conformance.ConformanceSuite;
import dev.cgan.conformance.UnsupportedCases;
import dev.cgan.core.fakes.CallbackTape;
import dev.cgan.core.fakes.HostTensor;
import dev.cgan.core.fakes.KeepAllScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The smallest backend that can pass a real conformance case: host tensors, {@code dot} with its gradient, and SGD
 * with momentum; everything else throws {@link UnsupportedOperationException}. It lets the suite's plumbing and
 * verdicts be tested without a real engine. Public, and shipped in this module's test-jar, for the JUnit adapter's
 * tests in cgan-conformance-junit.
 */
public class HostFakeBackend implements Backend {

    /** How the fake misbehaves, to provoke each outcome. */
    public enum Flaw {
        /** Correct SGD. */
        NONE,
        /** SGD that ignores momentum: wrong numbers. */
        NO_MOMENTUM,
        /** Creating an optimizer throws IllegalStateException: a crash. */
        CRASH,
        /** Not available on this machine. */
        UNAVAILABLE
    }

    private final Flaw flaw;

    /**
     * A list that names every case of {@code suite} but {@code supported}: what this fake would ship if it listed all
     * it cannot run (its bundled list names only one case, so that unlisted ones can be tested too).
     */
    public static UnsupportedCases listingAllBut(ConformanceSuite suite, String supported) {
        StringBuilder text = new StringBuilder();
        for (ConformanceCase c : suite.cases()) {
            if (!c.name().equals(supported)) {
                text.append(c.name()).append(": the host fake has no such operation\n");
            }
        }
        return UnsupportedCases.parse(text.toString(), "the host fake's full list");
    }

    public HostFakeBackend() {
        this(Flaw.NONE);
    }

    public HostFakeBackend(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "host-fake";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "a test fake: dot and SGD on the host";
    }

    @Override
    public Availability availability() {
        return flaw == Flaw.UNAVAILABLE ? Availability.unavailable("the fake was told to be unavailable")
                : Availability.available("always");
    }

    @Override
    public List<Device> devices() {
        return flaw == Flaw.UNAVAILABLE ? List.of() : List.of(Device.cpu());
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        return new Context();
    }

    private final class Context implements ComputeContext, TensorOps {

        @Override
        public Backend backend() {
            return HostFakeBackend.this;
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
            return this;
        }

        @Override
        public Layer layer(LayerSpec spec) {
            throw new UnsupportedOperationException("host-fake has no " + spec.typeName());
        }

        @Override
        public Loss loss(LossSpec spec) {
            throw new UnsupportedOperationException("host-fake has no losses");
        }

        @Override
        public Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters) {
            if (flaw == Flaw.CRASH) {
                throw new IllegalStateException("boom");
            }
            if (!(spec instanceof OptimizerSpec.Sgd sgd)) {
                throw new UnsupportedOperationException("host-fake has no " + spec.getClass().getSimpleName());
            }
            return new Sgd(sgd, parameters, flaw == Flaw.NO_MOMENTUM);
        }

        @Override
        public GradientTape record() {
            return new CallbackTape(loss -> ((HostTensor) loss).backprop(1f));
        }

        @Override
        public TensorScope scope() {
            return new KeepAllScope();
        }

        @Override
        public void close() {
        }

        @Override
        public Tensor dot(Tensor a, Tensor b) {
            HostTensor x = (HostTensor) a;
            HostTensor y = (HostTensor) b;
            double sum = 0;
            for (int i = 0; i < x.storage().length; i++) {
                sum += (double) x.storage()[i] * y.storage()[i];
            }
            return new HostTensor(Shape.scalar(), new float[] {(float) sum}, upstream -> {
                x.accumulateGrad(y.storage(), upstream);
                y.accumulateGrad(x.storage(), upstream);
            });
        }

        @Override
        public Tensor concatChannels(Tensor a, Tensor b) {
            throw new UnsupportedOperationException("concatChannels");
        }

        @Override
        public Tensor reshape(Tensor t, Shape shape) {
            throw new UnsupportedOperationException("reshape");
        }

        @Override
        public Tensor broadcastLabels(Tensor labels, int height, int width) {
            throw new UnsupportedOperationException("broadcastLabels");
        }

        @Override
        public Tensor add(Tensor a, Tensor b) {
            throw new UnsupportedOperationException("add");
        }

        @Override
        public Tensor sumSpatial(Tensor t) {
            throw new UnsupportedOperationException("sumSpatial");
        }

        @Override
        public Tensor rowDot(Tensor a, Tensor b) {
            throw new UnsupportedOperationException("rowDot");
        }

        @Override
        public Tensor mean(Tensor t) {
            throw new UnsupportedOperationException("mean");
        }
    }

    /** torch.optim.SGD with momentum, in float32 as PyTorch computes it. */
    private static final class Sgd implements Optimizer {

        private final OptimizerSpec.Sgd spec;
        private final List<Tensor> parameters;
        private final List<HostTensor> buffers = new ArrayList<>();
        private final boolean ignoreMomentum;
        private long steps;

        Sgd(OptimizerSpec.Sgd spec, List<Tensor> parameters, boolean ignoreMomentum) {
            this.spec = spec;
            this.parameters = List.copyOf(parameters);
            this.ignoreMomentum = ignoreMomentum;
            for (Tensor p : parameters) {
                buffers.add(new HostTensor(p.shape(), new float[p.shape().sizeAsInt()]));
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
            parameters.forEach(Tensor::zeroGrad);
        }

        @Override
        public void step() {
            float momentum = ignoreMomentum ? 0f : (float) spec.momentum();
            float lr = (float) spec.lr();
            for (int i = 0; i < parameters.size(); i++) {
                float[] p = ((HostTensor) parameters.get(i)).storage();
                float[] g = ((HostTensor) parameters.get(i).grad()).storage();
                float[] b = buffers.get(i).storage();
                for (int k = 0; k < p.length; k++) {
                    b[k] = steps == 0 ? g[k] : momentum * b[k] + g[k];
                    p[k] = p[k] - lr * b[k];
                }
            }
            steps++;
        }

        @Override
        public long steps() {
            return steps;
        }

        @Override
        public void setSteps(long steps) {
            this.steps = steps;
        }

        @Override
        public Map<String, Tensor> state(int index) {
            return Map.of("momentum_buffer", buffers.get(index));
        }
    }
}
