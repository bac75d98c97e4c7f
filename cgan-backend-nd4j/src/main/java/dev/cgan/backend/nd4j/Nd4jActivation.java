package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise activations on libnd4j's forward ops and their {@code _bp} ops, which take the activation's input
 * and the upstream gradient; LeakyReLU's forward and backward are single Java sweeps over the array instead. At
 * exactly 0, ReLU's gradient is 0 and LeakyReLU's is its slope, as in PyTorch.
 */
final class Nd4jActivation extends Nd4jLayer {

    private final String forwardOp;
    private final String backwardOp;
    private final double[] floatArguments;

    Nd4jActivation(Nd4jContext context, LayerSpec spec) {
        super(context, spec, Map.of());
        if (spec instanceof ReLU) {
            forwardOp = "relu";
            backwardOp = "relu_bp";
            floatArguments = new double[] {0.0};
        } else if (spec instanceof LeakyReLU leaky) {
            forwardOp = "lrelu";
            // libnd4j's lrelu_bp does not give PyTorch's gradient (measured against the fixtures); see leakyBackward.
            backwardOp = null;
            floatArguments = new double[] {leaky.slope()};
        } else if (spec instanceof Tanh) {
            forwardOp = "tanh";
            backwardOp = "tanh_bp";
            floatArguments = new double[0];
        } else if (spec instanceof Sigmoid) {
            forwardOp = "sigmoid";
            backwardOp = "sigmoid_bp";
            floatArguments = new double[0];
        } else {
            throw Nd4jContext.unsupported("activation " + spec.typeName());
        }
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Nd4jTensor x = context.own(input);
        return context.compute(
                () -> backwardOp == null ? leakyForward(x.array())
                        : CustomOps.single(forwardOp, new int[0], new INDArray[] {x.array()}, floatArguments),
                g -> new INDArray[] {backwardOp == null ? leakyBackward(x.array(), g)
                        : CustomOps.single(backwardOp, new int[0], new INDArray[] {x.array(), g}, floatArguments)},
                x);
    }

    /** {@code x} where {@code x > 0}, {@code slope * x} elsewhere, in one sweep. */
    private INDArray leakyForward(INDArray x) {
        FloatBuffer xs = DenseFloats.floats(x);
        INDArray out = DenseFloats.newArray(x.shape());
        FloatBuffer os = DenseFloats.floats(out);
        float slope = (float) floatArguments[0];
        DenseFloats.inChunks(Math.toIntExact(x.length()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = xs.get(i);
                os.put(i, v > 0 ? v : v * slope);
            }
        });
        return out;
    }

    /** {@code g} where {@code x > 0}, {@code slope * g} elsewhere (0 included), in one sweep. */
    private INDArray leakyBackward(INDArray x, INDArray g) {
        FloatBuffer xs = DenseFloats.floats(x);
        FloatBuffer gs = DenseFloats.floats(g);
        INDArray out = DenseFloats.newArray(g.shape());
        FloatBuffer os = DenseFloats.floats(out);
        float slope = (float) floatArguments[0];
        DenseFloats.inChunks(Math.toIntExact(g.length()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = gs.get(i);
                os.put(i, xs.get(i) > 0 ? v : v * slope);
            }
        });
        return out;
    }
}
