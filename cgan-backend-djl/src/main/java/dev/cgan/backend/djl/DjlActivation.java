package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.util.function.UnaryOperator;

/**
 * The parameter-free element-wise layers, each one libtorch kernel, so their gradients follow PyTorch's conventions
 * at the kinks: {@code relu'(0) = 0}, {@code leaky_relu'(0) = slope}.
 */
final class DjlActivation extends DjlLayer {

    private final UnaryOperator<NDArray> function;

    DjlActivation(DjlContext context, LayerSpec spec) {
        super(context, spec);
        this.function = functionOf(spec);
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        return function.apply(input);
    }

    private static UnaryOperator<NDArray> functionOf(LayerSpec spec) {
        if (spec instanceof ReLU) {
            return TorchFunctions::relu;
        } else if (spec instanceof LeakyReLU leaky) {
            double slope = leaky.slope();
            return x -> TorchFunctions.leakyRelu(x, slope);
        } else if (spec instanceof Tanh) {
            return NDArray::tanh;
        } else if (spec instanceof Sigmoid) {
            return TorchFunctions::sigmoid;
        }
        throw DjlContext.unsupported("activation " + spec.typeName());
    }
}
