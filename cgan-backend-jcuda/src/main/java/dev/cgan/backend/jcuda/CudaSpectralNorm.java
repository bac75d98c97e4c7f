package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.spi.HostSpectralNorm;

/**
 * {@code spectral_norm(layer)}: {@code weight_orig}, {@code u} and {@code v} are copied to the host once per forward
 * (a discriminator's weights are a few megabytes), where {@link HostSpectralNorm} iterates, computes {@code sigma}
 * and, in the backward pass, the gradient with {@code sigma}'s correction; the normalised weight is uploaded and the
 * wrapped layer's own cuDNN or cuBLAS product ({@link CudaConvolution#apply}, {@link CudaLinear#affine}) runs with it.
 * No kernel of its own. A wrapped convolution is built as a {@link CudaConv2d} or {@link CudaConvTranspose2d} for its
 * cuDNN plans; its own weight and bias are allocated with it and never used.
 */
final class CudaSpectralNorm extends EngineLayer<CudaTensor, CudaContext, SpectralNorm> {

    private final CudaConvolution convolution; // null for a wrapped Linear

    CudaSpectralNorm(CudaContext context, SpectralNorm spec) {
        super(context, spec);
        if (spec.layer() instanceof Conv2d c) {
            this.convolution = new CudaConv2d(context, c);
        } else if (spec.layer() instanceof ConvTranspose2d c) {
            this.convolution = new CudaConvTranspose2d(context, c);
        } else {
            this.convolution = null;
        }
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        CudaTensor weightOrig = parameter("weight_orig");
        float[] weight = weightOrig.toFloatArray();
        HostSpectralNorm.Estimate estimate = HostSpectralNorm.estimate(spec, weight, buffer("weight_u"),
                buffer("weight_v"), training);
        CudaTensor w = context.newTensor(HostSpectralNorm.normalized(weight, estimate), weightOrig.shape());
        var tape = context.recording(weightOrig);
        if (tape != null) {
            tape.record(w, (g, grads) -> grads.add(weightOrig, context.newTensor(
                    HostSpectralNorm.weightGradient(spec, g.toFloatArray(), weight, estimate), weightOrig.shape())));
        }
        CudaTensor b = parameter("bias");
        if (convolution != null) {
            return convolution.apply(x, w, b);
        }
        Linear l = (Linear) spec.layer();
        return CudaLinear.affine(context, x, w, b, l.in(), l.out());
    }
}
