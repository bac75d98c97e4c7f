package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import dev.cgan.backend.djl.kernel.TransposedConvolution;

/**
 * {@code spectral_norm(layer)} as libtorch expressions, the way PyTorch writes it: in training, one power iteration
 * with recording off writes {@code u} and {@code v} in place; then {@code sigma = u . (M v)} and the wrapped layer's
 * libtorch call with {@code weight_orig / sigma}, which libtorch differentiates (sigma's term included, {@code u} and
 * {@code v} being constants).
 */
final class DjlSpectralNorm extends EngineLayer<DjlTensor, DjlContext, SpectralNorm> {

    DjlSpectralNorm(DjlContext context, SpectralNorm spec) {
        super(context, spec);
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        DjlTensor weightOrig = parameter("weight_orig");
        DjlTensor u = buffer("weight_u");
        DjlTensor v = buffer("weight_v");
        int h = spec.height();
        int w = spec.width();
        if (training) {
            context.run(() -> {
                try (NoGrad ignored = NoGrad.enter()) {
                    NDArray m = matrix(weightOrig.array());
                    NDArray nextV = normalize(m.transpose().matMul(u.array().reshape(h, 1)).reshape(w));
                    NDArray nextU = normalize(m.matMul(nextV.reshape(w, 1)).reshape(h));
                    TorchFunctions.copyInto(v.array(), nextV);
                    TorchFunctions.copyInto(u.array(), nextU);
                }
            });
        }
        DjlTensor bias = parameter("bias");
        return context.compute(() -> {
            // In training, copies of u and v, as PyTorch's spectral_norm clones them: the next training forward
            // writes the buffers in place while this one's graph still needs their present values (the
            // discriminator runs on the real and the fake batch before one backward pass).
            NDArray uNow = training ? u.array().duplicate() : u.array();
            NDArray vNow = training ? v.array().duplicate() : v.array();
            NDArray sigma = matrix(weightOrig.array()).matMul(vNow.reshape(w, 1)).reshape(h).mul(uNow).sum();
            NDArray weight = weightOrig.array().div(sigma);
            NDArray x = input.array();
            NDArray b = DjlTensor.arrayOrNull(bias);
            if (spec.layer() instanceof Conv2d c) {
                return context.convolution().apply(x, weight, b, c.stride(), c.padding());
            }
            if (spec.layer() instanceof ConvTranspose2d c) {
                return TransposedConvolution.apply(context.convolution(), x, weight, b, c.stride(), c.padding());
            }
            return TorchFunctions.linear(x, weight, b);
        });
    }

    /** The weight as PyTorch's matrix: dimension {@code dim} to the front, the rest flattened. */
    private NDArray matrix(NDArray weight) {
        NDArray front = spec.dim() == 0 ? weight : weight.transpose(1, 0, 2, 3);
        return front.reshape(spec.height(), spec.width());
    }

    /** {@code a / max(||a||, eps)}. */
    private static NDArray normalize(NDArray a) {
        return a.div(a.mul(a).sum().sqrt().maximum(SpectralNorm.EPS));
    }
}
