package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.spi.EngineLayer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise activations on libnd4j's forward ops and their {@code _bp} ops, which take the activation's input
 * and the upstream gradient; LeakyReLU (no op names) is a single Java sweep each way instead. At exactly 0, ReLU's
 * gradient is 0 and LeakyReLU's is its slope, as in PyTorch.
 */
final class Nd4jActivation extends EngineLayer<Nd4jTensor, Nd4jContext, LayerSpec> {

    private final String forwardOp;
    private final String backwardOp;
    private final double[] floatArguments;

    /**
     * @param forwardOp      libnd4j's forward op, or {@code null} for LeakyReLU's sweeps
     * @param backwardOp     its {@code _bp} op, or {@code null} with {@code forwardOp}
     * @param floatArguments the ops' float arguments (LeakyReLU: the slope)
     */
    Nd4jActivation(Nd4jContext context, LayerSpec spec, String forwardOp, String backwardOp,
                   double... floatArguments) {
        super(context, spec);
        this.forwardOp = forwardOp;
        this.backwardOp = backwardOp;
        this.floatArguments = floatArguments;
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        return context.compute(
                () -> backwardOp == null ? leakyForward(x.array(), (float) floatArguments[0])
                        : CustomOps.single(forwardOp, new int[0], new INDArray[] {x.array()}, floatArguments),
                g -> new INDArray[] {backwardOp == null ? leakyBackward(x.array(), g, (float) floatArguments[0])
                        : CustomOps.single(backwardOp, new int[0], new INDArray[] {x.array(), g}, floatArguments)},
                x);
    }

    /** {@code x} where {@code x > 0}, {@code slope * x} elsewhere, in one sweep. */
    static INDArray leakyForward(INDArray x, float slope) {
        FloatBuffer xs = DenseFloats.floats(x);
        INDArray out = DenseFloats.newArray(x.shape());
        FloatBuffer os = DenseFloats.floats(out);
        DenseFloats.inChunks(Math.toIntExact(x.length()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = xs.get(i);
                os.put(i, v > 0 ? v : v * slope);
            }
        });
        return out;
    }

    /** {@code g} where {@code x > 0}, {@code slope * g} elsewhere (0 included), in one sweep. */
    static INDArray leakyBackward(INDArray x, INDArray g, float slope) {
        FloatBuffer xs = DenseFloats.floats(x);
        FloatBuffer gs = DenseFloats.floats(g);
        INDArray out = DenseFloats.newArray(g.shape());
        FloatBuffer os = DenseFloats.floats(out);
        DenseFloats.inChunks(Math.toIntExact(g.length()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = gs.get(i);
                os.put(i, xs.get(i) > 0 ? v : v * slope);
            }
        });
        return out;
    }
}
