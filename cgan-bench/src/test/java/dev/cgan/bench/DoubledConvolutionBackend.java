package dev.cgan.bench;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A deliberately wrong backend for the benchmarks' refusal tests: the {@code djl} backend, except that every
 * {@code Conv2d} returns twice its output. Everything else (transposed convolutions, BatchNorm, losses, Adam) is
 * djl's and correct. Registered for tests only (test resources' {@code META-INF/services}).
 */
public class DoubledConvolutionBackend implements Backend {

    static final String NAME = "doubled-conv";

    private final String name;
    private final int smallestWrongBatch;

    public DoubledConvolutionBackend() {
        this(NAME, 1);
    }

    /** A backend whose Conv2d is wrong only on inputs of at least {@code smallestWrongBatch} samples. */
    protected DoubledConvolutionBackend(String name, int smallestWrongBatch) {
        this.name = name;
        this.smallestWrongBatch = smallestWrongBatch;
    }

    private Backend djl() {
        return BackendRegistry.load().byName("djl");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public String description() {
        return "djl with every Conv2d output doubled on batches of " + smallestWrongBatch + " or more (a test's wrong "
                + "backend)";
    }

    @Override
    public Availability availability() {
        return djl().availability();
    }

    @Override
    public List<Device> devices() {
        return djl().devices();
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        return new Context(this, djl().open(device, options), smallestWrongBatch);
    }

    /** djl's context with every Conv2d doubled from {@code smallestWrongBatch} samples on. */
    private static final class Context extends DelegatingContext {

        private final Backend backend;
        private final int smallestWrongBatch;

        Context(Backend backend, ComputeContext djl, int smallestWrongBatch) {
            super(djl);
            this.backend = backend;
            this.smallestWrongBatch = smallestWrongBatch;
        }

        @Override
        public Backend backend() {
            return backend;
        }

        @Override
        public Layer layer(LayerSpec spec) {
            Layer layer = engine.layer(spec);
            if (!(spec instanceof Conv2d)) {
                return layer;
            }
            return new Layer() {
                @Override
                public LayerSpec spec() {
                    return spec;
                }

                @Override
                public Tensor forward(Tensor input, boolean training) {
                    Tensor out = layer.forward(input, training);
                    return input.shape().dim(0) < smallestWrongBatch ? out : engine.ops().add(out, out);
                }

                @Override
                public Map<String, Tensor> parameters() {
                    return layer.parameters();
                }
            };
        }
    }
}
