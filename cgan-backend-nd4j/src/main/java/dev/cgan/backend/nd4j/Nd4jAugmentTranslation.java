package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.HostAugment;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DiffAugment's translation ({@code TensorOps.augmentTranslation}) as the kit's host loop ({@link HostAugment}) over
 * the dense arrays; the gradient is the upstream gradient translated back.
 */
final class Nd4jAugmentTranslation {

    private Nd4jAugmentTranslation() {
    }

    static Nd4jTensor apply(Nd4jContext context, Nd4jTensor x, int[] rows, int[] cols) {
        long[] shape = x.array().shape();
        return context.compute(() -> shifted(x.array(), shape, rows, cols, 1),
                g -> new INDArray[] {shifted(g, shape, rows, cols, -1)}, x);
    }

    private static INDArray shifted(INDArray x, long[] shape, int[] rows, int[] cols, int sign) {
        FloatBuffer in = DenseFloats.floats(x);
        INDArray out = DenseFloats.newArray(shape);
        HostAugment.translate(in, DenseFloats.floats(out), (int) shape[1], (int) shape[2], (int) shape[3], rows, cols,
                sign, 0, (int) shape[0]);
        return out;
    }
}
