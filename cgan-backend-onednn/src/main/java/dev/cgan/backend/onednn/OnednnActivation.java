package dev.cgan.backend.onednn;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.tensor.Tensor;
import java.util.Map;
import org.bytedeco.dnnl.global.dnnl.algorithm;

/**
 * The element-wise activations on oneDNN's eltwise primitives, forward and backward. ReLU and LeakyReLU are oneDNN's
 * {@code eltwise_relu} with slope 0 or the layer's; its backward passes {@code g} where the input is {@code > 0} and
 * {@code slope * g} elsewhere, so at exactly 0 ReLU's gradient is 0 and LeakyReLU's is its slope, as in PyTorch. Tanh
 * and Sigmoid differentiate from their output ({@code 1 - y^2}, {@code y (1 - y)}), as PyTorch does.
 */
final class OnednnActivation extends OnednnLayer {

    private final EltwiseKernel kernel;

    OnednnActivation(OnednnContext context, LayerSpec spec) {
        super(context, spec, Map.of());
        if (spec instanceof ReLU) {
            kernel = new EltwiseKernel(context, algorithm.eltwise_relu, 0f);
        } else if (spec instanceof LeakyReLU leaky) {
            kernel = new EltwiseKernel(context, algorithm.eltwise_relu, (float) leaky.slope());
        } else if (spec instanceof Tanh) {
            kernel = new EltwiseKernel(context, algorithm.eltwise_tanh_use_dst_for_bwd, 0f);
        } else if (spec instanceof Sigmoid) {
            kernel = new EltwiseKernel(context, algorithm.eltwise_logistic_use_dst_for_bwd, 0f);
        } else {
            throw OnednnContext.unsupported("activation " + spec.typeName());
        }
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        OnednnTensor x = context.own(input);
        OnednnTensor[] output = new OnednnTensor[1];
        return context.compute(() -> {
            output[0] = context.newTensor(x.shape());
            kernel.forward(x, output[0]);
            return output[0];
        }, g -> {
            OnednnTensor dx = context.newTensor(x.shape());
            kernel.backward(x, output[0], g, dx);
            return new OnednnTensor[] {dx};
        }, x);
    }
}
