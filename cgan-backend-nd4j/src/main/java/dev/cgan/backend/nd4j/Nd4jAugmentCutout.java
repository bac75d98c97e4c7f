package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.HostAugment;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DiffAugment's cutout ({@code TensorOps.augmentCutout}) as the kit's host loop ({@link HostAugment}) over the dense
 * arrays; the gradient is the upstream gradient with the same rectangles zeroed.
 */
final class Nd4jAugmentCutout {

    private Nd4jAugmentCutout() {
    }

    static Nd4jTensor apply(Nd4jContext context, Nd4jTensor x, int[] top, int[] left, int height, int width) {
        long[] shape = x.array().shape();
        return context.compute(() -> cut(x.array(), shape, top, left, height, width),
                g -> new INDArray[] {cut(g, shape, top, left, height, width)}, x);
    }

    private static INDArray cut(INDArray x, long[] shape, int[] top, int[] left, int height, int width) {
        FloatBuffer in = DenseFloats.floats(x);
        INDArray out = DenseFloats.newArray(shape);
        HostAugment.cutout(in, DenseFloats.floats(out), (int) shape[1], (int) shape[2], (int) shape[3], top, left,
                height, width, 0, (int) shape[0]);
        return out;
    }
}
