package dev.cgan.backend.djl;

import dev.cgan.api.layer.Embedding;
import dev.cgan.api.spi.EngineLayer;

/** Embedding on one-hot labels as libtorch's {@code matmul(x, weight)}; libtorch differentiates it. */
final class DjlEmbedding extends EngineLayer<DjlTensor, DjlContext, Embedding> {

    DjlEmbedding(DjlContext context, Embedding spec) {
        super(context, spec);
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        DjlTensor weight = parameter("weight");
        return context.compute(() -> input.array().matMul(weight.array()));
    }
}
