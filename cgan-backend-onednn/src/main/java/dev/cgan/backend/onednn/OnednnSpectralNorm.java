package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.spi.HostSpectralNorm;

/**
 * {@code spectral_norm(layer)}: the power iteration, {@code sigma} and the gradient correction on the host
 * ({@link HostSpectralNorm}; the weight is plain memory Java reads), then the wrapped layer's own oneDNN kernel
 * ({@link ConvolutionKernel}, {@link InnerProductKernel}) with the normalised weight, which the tape differentiates
 * back to {@code weight_orig}.
 */
final class OnednnSpectralNorm extends EngineLayer<OnednnTensor, OnednnContext, SpectralNorm> {

    /** The wrapped layer's product with a given weight and bias. */
    private interface Product {
        OnednnTensor apply(OnednnTensor x, OnednnTensor weight, OnednnTensor bias);
    }

    private final Product product;

    OnednnSpectralNorm(OnednnContext context, SpectralNorm spec) {
        super(context, spec);
        if (spec.layer() instanceof Linear l) {
            InnerProductKernel kernel = new InnerProductKernel(context, l.in(), l.out(), l.bias());
            this.product = (x, w, b) -> OnednnLinear.affine(context, kernel, x, w, b, outputShape(x));
        } else {
            ConvolutionKernel kernel = spec.layer() instanceof ConvTranspose2d c
                    ? new ConvolutionKernel(context, true, c.in(), c.out(), c.kernel(), c.stride(), c.padding(),
                            c.bias())
                    : convolution(context, (Conv2d) spec.layer());
            this.product = (x, w, b) -> kernel.apply(x, w, b, outputShape(x));
        }
    }

    private static ConvolutionKernel convolution(OnednnContext context, Conv2d c) {
        return new ConvolutionKernel(context, false, c.in(), c.out(), c.kernel(), c.stride(), c.padding(), c.bias());
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        OnednnTensor weightOrig = parameter("weight_orig");
        float[] weight = weightOrig.toFloatArray();
        HostSpectralNorm.Estimate estimate = HostSpectralNorm.estimate(spec, weight, buffer("weight_u"),
                buffer("weight_v"), training);
        OnednnTensor normalized = context.compute(
                () -> context.newTensor(HostSpectralNorm.normalized(weight, estimate), weightOrig.shape()),
                g -> new OnednnTensor[] {context.newTensor(
                        HostSpectralNorm.weightGradient(spec, g.toFloatArray(), weight, estimate),
                        weightOrig.shape())},
                weightOrig);
        return product.apply(x, normalized, parameter("bias"));
    }
}
