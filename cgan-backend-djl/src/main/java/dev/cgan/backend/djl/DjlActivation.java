package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.spi.EngineLayer;
import java.util.function.UnaryOperator;

/** The parameter-free element-wise layers (ReLU, LeakyReLU, Tanh, Sigmoid): one libtorch function each. */
final class DjlActivation extends EngineLayer<DjlTensor, DjlContext, LayerSpec> {

    private final UnaryOperator<NDArray> function;

    DjlActivation(DjlContext context, LayerSpec spec, UnaryOperator<NDArray> function) {
        super(context, spec);
        this.function = function;
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        return context.compute(() -> function.apply(input.array()));
    }
}
