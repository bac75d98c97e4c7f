package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Upsample;
import dev.cgan.api.spi.EngineLayer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest upsampling as one Java sweep each way over the dense arrays, plane by plane ({@code N * C} planes, in
 * parallel chunks): forward copies {@code x[i / s, j / s]} to {@code out[i, j]}; backward sums the output gradient
 * over each pixel's {@code s x s} block.
 */
final class Nd4jUpsample extends EngineLayer<Nd4jTensor, Nd4jContext, Upsample> {

    Nd4jUpsample(Nd4jContext context, Upsample spec) {
        super(context, spec);
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        long[] shape = x.array().shape();
        int planes = Math.toIntExact(shape[0] * shape[1]);
        int h = (int) shape[2];
        int w = (int) shape[3];
        int s = spec.scale();
        return context.compute(() -> forward(x.array(), planes, h, w, s),
                g -> new INDArray[] {backward(g, shape, planes, h, w, s)}, x);
    }

    private static INDArray forward(INDArray x, int planes, int h, int w, int s) {
        FloatBuffer in = DenseFloats.floats(x);
        INDArray out = DenseFloats.newArray(x.size(0), x.size(1), (long) h * s, (long) w * s);
        FloatBuffer o = DenseFloats.floats(out);
        int ow = w * s;
        int planeOut = h * s * ow;
        DenseFloats.inChunks(planes, (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int i = 0; i < h * s; i++) {
                    int row = p * h * w + (i / s) * w;
                    int outRow = p * planeOut + i * ow;
                    for (int j = 0; j < ow; j++) {
                        o.put(outRow + j, in.get(row + j / s));
                    }
                }
            }
        });
        return out;
    }

    private static INDArray backward(INDArray g, long[] shape, int planes, int h, int w, int s) {
        FloatBuffer gs = DenseFloats.floats(g);
        INDArray dx = DenseFloats.newArray(shape);
        FloatBuffer d = DenseFloats.floats(dx);
        int ow = w * s;
        int planeOut = h * s * ow;
        DenseFloats.inChunks(planes, (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float sum = 0f;
                        for (int a = 0; a < s; a++) {
                            int outRow = p * planeOut + (y * s + a) * ow + x * s;
                            for (int b = 0; b < s; b++) {
                                sum += gs.get(outRow + b);
                            }
                        }
                        d.put(p * h * w + y * w + x, sum);
                    }
                }
            }
        });
        return dx;
    }
}
