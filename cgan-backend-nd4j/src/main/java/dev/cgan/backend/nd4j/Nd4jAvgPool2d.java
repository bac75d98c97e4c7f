package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.spi.EngineLayer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling as one Java sweep each way over the dense arrays, plane by plane: forward sums each
 * {@code k x k} window (stride k) and divides by {@code k^2}; backward gives every element of a window
 * {@code 1 / k^2} of its output's gradient, and 0 to the rows and columns past the last whole window.
 */
final class Nd4jAvgPool2d extends EngineLayer<Nd4jTensor, Nd4jContext, AvgPool2d> {

    Nd4jAvgPool2d(Nd4jContext context, AvgPool2d spec) {
        super(context, spec);
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        long[] shape = x.array().shape();
        int planes = Math.toIntExact(shape[0] * shape[1]);
        int h = (int) shape[2];
        int w = (int) shape[3];
        int k = spec.kernel();
        return context.compute(() -> forward(x.array(), planes, h, w, k),
                g -> new INDArray[] {backward(g, shape, planes, h, w, k)}, x);
    }

    private static INDArray forward(INDArray x, int planes, int h, int w, int k) {
        int oh = h / k;
        int ow = w / k;
        float area = k * k;
        FloatBuffer in = DenseFloats.floats(x);
        INDArray out = DenseFloats.newArray(x.size(0), x.size(1), oh, ow);
        FloatBuffer o = DenseFloats.floats(out);
        DenseFloats.inChunks(planes, (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float sum = 0f;
                        for (int a = 0; a < k; a++) {
                            int row = p * h * w + (i * k + a) * w + j * k;
                            for (int b = 0; b < k; b++) {
                                sum += in.get(row + b);
                            }
                        }
                        o.put((p * oh + i) * ow + j, sum / area);
                    }
                }
            }
        });
        return out;
    }

    private static INDArray backward(INDArray g, long[] shape, int planes, int h, int w, int k) {
        int oh = h / k;
        int ow = w / k;
        float area = k * k;
        FloatBuffer gs = DenseFloats.floats(g);
        INDArray dx = DenseFloats.newArray(shape);
        FloatBuffer d = DenseFloats.floats(dx);
        DenseFloats.inChunks(planes, (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < w; c++) {
                        int i = r / k;
                        int j = c / k;
                        d.put(p * h * w + r * w + c, i < oh && j < ow ? gs.get((p * oh + i) * ow + j) / area : 0f);
                    }
                }
            }
        });
        return dx;
    }
}
