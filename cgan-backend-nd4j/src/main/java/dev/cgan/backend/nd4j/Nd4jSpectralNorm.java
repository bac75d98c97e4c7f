package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.spi.HostSpectralNorm;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code spectral_norm(layer)}: the power iteration, {@code sigma} and the gradient correction on the host
 * ({@link HostSpectralNorm}), then the wrapped layer's own ND4J operation ({@link Nd4jConv2d#convolve},
 * {@link Nd4jConvTranspose2d#convolve}, {@link Nd4jLinear#affine}) with the normalised weight, which the tape
 * differentiates back to {@code weight_orig}.
 */
final class Nd4jSpectralNorm extends EngineLayer<Nd4jTensor, Nd4jContext, SpectralNorm> {

    private final int[] arguments;

    Nd4jSpectralNorm(Nd4jContext context, SpectralNorm spec) {
        super(context, spec);
        if (spec.layer() instanceof Conv2d c) {
            this.arguments = CustomOps.convolutionArguments(c.kernel(), c.stride(), c.padding());
        } else if (spec.layer() instanceof ConvTranspose2d c) {
            this.arguments = CustomOps.convolutionArguments(c.kernel(), c.stride(), c.padding());
        } else {
            this.arguments = null;
        }
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        Nd4jTensor weightOrig = parameter("weight_orig");
        float[] weight = weightOrig.toFloatArray();
        HostSpectralNorm.Estimate estimate = HostSpectralNorm.estimate(spec, weight, buffer("weight_u"),
                buffer("weight_v"), training);
        long[] shape = weightOrig.shape().toLongArray();
        Nd4jTensor w = context.compute(() -> array(HostSpectralNorm.normalized(weight, estimate), shape),
                g -> new INDArray[] {array(HostSpectralNorm.weightGradient(spec, DenseFloats.dense(g), weight,
                        estimate), shape)},
                weightOrig);
        Nd4jTensor b = parameter("bias");
        if (spec.layer() instanceof Conv2d c) {
            return Nd4jConv2d.convolve(context, c, arguments, x, w, b);
        }
        if (spec.layer() instanceof ConvTranspose2d) {
            return Nd4jConvTranspose2d.convolve(context, arguments, x, w, b);
        }
        return Nd4jLinear.affine(context, x, w, b);
    }

    private static INDArray array(float[] values, long[] shape) {
        INDArray out = DenseFloats.newArray(shape);
        DenseFloats.floats(out).put(0, values);
        return out;
    }
}
