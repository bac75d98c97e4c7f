package dev.cgan.backend.onednn;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.spi.EngineLayer;
import org.bytedeco.dnnl.global.dnnl.algorithm;

/**
 * The element-wise activations on oneDNN's eltwise primitives, forward and backward ({@link EltwiseKernel}). ReLU and
 * LeakyReLU are oneDNN's {@code eltwise_relu} with slope 0 or the layer's; its backward passes {@code g} where the
 * input is {@code > 0} and {@code slope * g} elsewhere, so at exactly 0 ReLU's gradient is 0 and LeakyReLU's is its
 * slope, as in PyTorch. Tanh and Sigmoid differentiate from their output ({@code 1 - y^2}, {@code y (1 - y)}), as
 * PyTorch does.
 */
final class OnednnActivation extends EngineLayer<OnednnTensor, OnednnContext, LayerSpec> {

    private final EltwiseKernel kernel;

    OnednnActivation(OnednnContext context, LayerSpec spec, algorithm algorithm, float alpha) {
        super(context, spec);
        this.kernel = new EltwiseKernel(context, algorithm, alpha);
    }

    /** The activation's kernel, for a layer before it that applies it as a post-op. */
    EltwiseKernel kernel() {
        return kernel;
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        OnednnTensor[] output = new OnednnTensor[1];
        return context.compute(() -> {
            output[0] = kernel.forward(x);
            return output[0];
        }, g -> new OnednnTensor[] {kernel.backward(x, output[0], g)}, x);
    }
}
