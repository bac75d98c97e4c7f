package dev.cgan.api.spi;

import dev.cgan.api.layer.ConditionalLayer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;

/**
 * An {@link EngineLayer} that also reads the class labels: the kit checks both tensors (this engine's, open), the
 * input's shape by the spec and the labels' {@code [N, classes]}, then calls {@link #compute(EngineTensor,
 * EngineTensor, boolean)}. The one-input forward fails with {@link IllegalArgumentException}.
 *
 * @param <T> the engine's tensor type
 * @param <C> the engine's context type
 * @param <S> the spec type
 */
public abstract class EngineConditionalLayer<T extends EngineTensor, C extends EngineContext<T, ?>,
        S extends LayerSpec> extends EngineLayer<T, C, S> implements ConditionalLayer {

    private final int classes;

    protected EngineConditionalLayer(C context, S spec, int classes) {
        super(context, spec);
        this.classes = classes;
    }

    @Override
    protected final T compute(T input, boolean training) {
        throw new IllegalArgumentException(spec.typeName() + " needs the class labels: call forward(input, labels, "
                + "training)");
    }

    @Override
    public final Tensor forward(Tensor input, Tensor labels, boolean training) {
        T x = context.own(input);
        T y = context.own(labels);
        spec.outputShape(x.shape());
        Shape expected = Shape.of(x.shape().dim(0), classes);
        if (!y.shape().equals(expected)) {
            throw new IllegalArgumentException(spec.typeName() + " needs labels " + expected + " for input "
                    + x.shape() + ", got " + y.shape());
        }
        return compute(x, y, training);
    }

    /** The layer's output for checked input and labels; differentiable while a tape records. */
    protected abstract T compute(T input, T labels, boolean training);
}
