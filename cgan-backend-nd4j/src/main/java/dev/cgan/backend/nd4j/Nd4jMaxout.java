package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Maxout;
import dev.cgan.api.spi.EngineLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maxout: one matrix product {@code a = x W^T + b} to {@code units * pieces} features, viewed unit-major as
 * {@code [N, units, pieces]} and reduced by the maximum over the pieces. The forward pass also records, as a one-hot
 * selector of the same view, which piece was maximal (the first one on an exact tie); backward sends each output's
 * gradient to that piece only, then through the product as {@link Nd4jLinear} does.
 *
 * <p>The selector is a tensor of the caller's scope, like the output, so it lives until the backward pass reads it.
 */
final class Nd4jMaxout extends EngineLayer<Nd4jTensor, Nd4jContext, Maxout> {

    Nd4jMaxout(Nd4jContext context, Maxout spec) {
        super(context, spec);
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        Nd4jTensor w = parameter("weight");
        Nd4jTensor b = parameter("bias");
        long n = x.array().size(0);
        int units = spec.units();
        int pieces = spec.pieces();
        INDArray affine = x.array().mmul(w.array().transpose()).addiRowVector(b.array())
                .reshape('c', n, units, pieces);
        Nd4jTensor selector = context.wrap(oneHotArgMax(affine, n, units, pieces));
        return context.compute(
                () -> affine.max(2),
                g -> {
                    INDArray ga = selector.array().mul(g.reshape('c', n, units, 1).broadcast(n, units, pieces))
                            .reshape('c', n, (long) units * pieces);
                    return new INDArray[] {ga.mmul(w.array()), ga.transpose().mmul(x.array()), ga.sum(0)};
                },
                x, w, b);
    }

    /** 1 at the first maximal piece of each unit, 0 elsewhere, over {@code [n, units, pieces]}. */
    private static INDArray oneHotArgMax(INDArray affine, long n, int units, int pieces) {
        float[] values = affine.dup('c').data().asFloat();
        float[] selector = new float[values.length];
        for (int row = 0; row < values.length; row += pieces) {
            int best = row;
            for (int k = row + 1; k < row + pieces; k++) {
                if (values[k] > values[best]) {
                    best = k;
                }
            }
            selector[best] = 1f;
        }
        return Nd4j.create(selector, new long[] {n, units, pieces}, 'c');
    }
}
