package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Linear;
import dev.cgan.api.spi.EngineLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code nn.Linear}: {@code y = x W^T + b} as one matrix product; backward {@code g W}, {@code g^T x}, column sums. */
final class Nd4jLinear extends EngineLayer<Nd4jTensor, Nd4jContext, Linear> {

    Nd4jLinear(Nd4jContext context, Linear spec) {
        super(context, spec);
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        return affine(context, x, parameter("weight"), parameter("bias"));
    }

    /** {@code x W^T + b} ({@code b} may be null), recorded; also {@link Nd4jSpectralNorm}'s product. */
    static Nd4jTensor affine(Nd4jContext context, Nd4jTensor x, Nd4jTensor w, Nd4jTensor b) {
        return context.compute(
                () -> {
                    INDArray y = x.array().mmul(w.array().transpose());
                    return b == null ? y : y.addiRowVector(b.array());
                },
                g -> {
                    INDArray gx = g.mmul(w.array());
                    INDArray gw = g.transpose().mmul(x.array());
                    return b == null ? new INDArray[] {gx, gw} : new INDArray[] {gx, gw, g.sum(0)};
                },
                b == null ? new Nd4jTensor[] {x, w} : new Nd4jTensor[] {x, w, b});
    }
}
