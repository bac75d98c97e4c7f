package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.HostAugment;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DiffAugment's color policy ({@code TensorOps.augmentColor}) as the kit's host loops ({@link HostAugment}) over the
 * dense arrays, one sample per task: brightness, saturation and contrast forward, and their gradient through the
 * (undetached) means.
 */
final class Nd4jAugmentColor {

    private Nd4jAugmentColor() {
    }

    static Nd4jTensor apply(Nd4jContext context, Nd4jTensor x, float[] brightness, float[] saturation,
                            float[] contrast) {
        long[] shape = x.array().shape();
        int n = (int) shape[0];
        int channels = (int) shape[1];
        int plane = (int) (shape[2] * shape[3]);
        return context.compute(() -> {
            FloatBuffer in = DenseFloats.floats(x.array());
            INDArray out = DenseFloats.newArray(shape);
            FloatBuffer o = DenseFloats.floats(out);
            IntStream.range(0, n).parallel().forEach(s ->
                    HostAugment.colorForward(in, o, channels, plane, brightness, saturation, contrast, s, s + 1));
            return out;
        }, g -> {
            FloatBuffer up = DenseFloats.floats(g);
            INDArray dx = DenseFloats.newArray(shape);
            FloatBuffer d = DenseFloats.floats(dx);
            IntStream.range(0, n).parallel().forEach(s ->
                    HostAugment.colorBackward(up, d, channels, plane, saturation, contrast, s, s + 1));
            return new INDArray[] {dx};
        }, x);
    }
}
