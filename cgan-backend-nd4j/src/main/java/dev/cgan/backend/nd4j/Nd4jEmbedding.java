package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Embedding;
import dev.cgan.api.spi.EngineLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Embedding on one-hot labels as one matrix product {@code y = x W} ({@code W [classes, dim]}); backward
 * {@code dx = g W^T} and {@code dW = x^T g}.
 */
final class Nd4jEmbedding extends EngineLayer<Nd4jTensor, Nd4jContext, Embedding> {

    Nd4jEmbedding(Nd4jContext context, Embedding spec) {
        super(context, spec);
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        return rows(context, x, parameter("weight"));
    }

    /** {@code x w} for labels {@code x [N, classes]} and a table {@code w [classes, dim]}, recorded on the tape. */
    static Nd4jTensor rows(Nd4jContext context, Nd4jTensor x, Nd4jTensor w) {
        return context.compute(() -> x.array().mmul(w.array()),
                g -> new INDArray[] {g.mmul(w.array().transpose()), x.array().transpose().mmul(g)}, x, w);
    }
}
