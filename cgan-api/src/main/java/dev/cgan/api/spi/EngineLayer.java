package dev.cgan.api.spi;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every layer of every engine shares: its spec, its parameters and buffers by PyTorch's names, made from the
 * spec's shapes with the engine's {@link EngineContext#persistent persistent} factory at PyTorch's values before
 * initialisation (zeros; BatchNorm's weight and running variance one; SpectralNorm's {@code weight_u} and
 * {@code weight_v} its {@link SpectralNorm#initialVector fixed unit vectors}), parameters requiring gradients; and the
 * input check. An engine's layer implements {@link #compute} on its own tensors; it reads its context and spec from the
 * fields {@link #context} and {@link #spec}, typed as the engine's own, so it declares neither.
 *
 * @param <T> the engine's tensor type
 * @param <C> the engine's context type
 * @param <S> the spec type this layer computes ({@link LayerSpec} for a layer that serves several)
 */
public abstract class EngineLayer<T extends EngineTensor, C extends EngineContext<T, ?>, S extends LayerSpec>
        implements Layer {

    /** The context this layer belongs to, which made its parameters and buffers. */
    protected final C context;
    /** What this layer computes. */
    protected final S spec;
    private final Map<String, Tensor> parameters;
    private final Map<String, Tensor> buffers;

    protected EngineLayer(C context, S spec) {
        this.context = context;
        this.spec = spec;
        Map<String, Tensor> p = new LinkedHashMap<>();
        spec.parameterShapes().forEach((name, shape) -> p.put(name,
                context.persistent(shape, initialValue(spec, name)).requireGrad()));
        Map<String, Tensor> b = new LinkedHashMap<>();
        spec.bufferShapes().forEach((name, shape) -> b.put(name, context.persistent(shape, initialValue(spec, name))));
        if (spec instanceof SpectralNorm sn) {
            b.forEach((name, buffer) -> buffer.copyFrom(sn.initialVector(name)));
        }
        this.parameters = Collections.unmodifiableMap(p);
        this.buffers = Collections.unmodifiableMap(b);
    }

    /** PyTorch's value of a parameter or buffer before initialisation, as {@link dev.cgan.api.ComputeContext} states. */
    static float initialValue(LayerSpec spec, String name) {
        if ((spec instanceof BatchNorm2d || spec instanceof ConditionalBatchNorm2d)
                && (name.equals("weight") || name.equals("running_var"))) {
            return 1f;
        }
        return 0f;
    }

    @Override
    public final S spec() {
        return spec;
    }

    @Override
    public final Map<String, Tensor> parameters() {
        return parameters;
    }

    @Override
    public final Map<String, Tensor> buffers() {
        return buffers;
    }

    /** Checks the input (this engine's, open, a shape the spec accepts) and runs {@link #compute}. */
    @Override
    public final Tensor forward(Tensor input, boolean training) {
        T x = context.own(input);
        spec.outputShape(x.shape());
        return compute(x, training);
    }

    /** The layer's output for a checked input; differentiable while a tape records. */
    protected abstract T compute(T input, boolean training);

    /**
     * This layer and {@code next} applied as one step, when the engine fuses them ({@link #computeFused}); {@code null}
     * when it does not, and then nothing has been computed. The input is checked as {@link #forward} checks it, and
     * the intermediate shape against {@code next}'s spec.
     */
    final Tensor forwardFused(Layer next, Tensor input, boolean training) {
        if (!(next instanceof EngineLayer<?, ?, ?> second) || second.context != context) {
            return null;
        }
        T x = context.own(input);
        second.spec.outputShape(spec.outputShape(x.shape()));
        return computeFused(second, x, training);
    }

    /**
     * The output of {@code next} applied to this layer's output for a checked input, computed as one step (and
     * differentiable while a tape records, with both layers' parameter gradients), or {@code null} when this engine
     * does not fuse the pair (the default). {@code next} belongs to the same context; its input shape was checked.
     */
    protected T computeFused(EngineLayer<?, ?, ?> next, T input, boolean training) {
        return null;
    }

    /** Parameter {@code name} as this engine's tensor, or {@code null} if the layer has none by that name. */
    @SuppressWarnings("unchecked")
    protected final T parameter(String name) {
        return (T) parameters.get(name);
    }

    /** Buffer {@code name} as this engine's tensor, or {@code null}. */
    @SuppressWarnings("unchecked")
    protected final T buffer(String name) {
        return (T) buffers.get(name);
    }

    /** The output shape for {@code input}, by the spec. */
    protected final Shape outputShape(T input) {
        return spec.outputShape(input.shape());
    }
}
