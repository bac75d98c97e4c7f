package dev.cgan.backend.nd4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weight gradient of a convolution with few input channels as one matrix product: the input's patches written as
 * columns {@code [in * k * k, N * OH * OW]} (zeros where a patch overlaps the padding), the output gradient laid out
 * as {@code [out, N * OH * OW]}, and {@code dW = g · columnsᵀ}. libnd4j's {@code conv2d_bp} (oneDNN) spends far
 * longer on the weight gradient of such a layer (the discriminator's first, 6 input channels at 64×64) than on its
 * forward pass.
 */
final class ColumnWeightGradient {

    /** Layers with at most this many inputs per output ({@code in * k * k}) take this path. */
    static final int MAX_PATCH = 256;

    /** The most column entries (floats) one call may write: 256 MB, well inside int indexing. */
    static final long MAX_COLUMNS = 1L << 26;

    private ColumnWeightGradient() {
    }

    /** {@code dW [out, in, k, k]} of the convolution of {@code x [N, in, H, W]} with output gradient {@code g}. */
    static INDArray of(INDArray x, INDArray g, int kernel, int stride, int padding) {
        long[] xs = x.shape();
        long[] gs = g.shape();
        int n = Math.toIntExact(xs[0]);
        int in = Math.toIntExact(xs[1]);
        int h = Math.toIntExact(xs[2]);
        int w = Math.toIntExact(xs[3]);
        int out = Math.toIntExact(gs[1]);
        int oh = Math.toIntExact(gs[2]);
        int ow = Math.toIntExact(gs[3]);
        int positions = n * oh * ow;
        int rows = in * kernel * kernel;

        FloatBuffer source = DenseFloats.floats(x);
        INDArray columns = DenseFloats.newArray(rows, positions);
        FloatBuffer cols = DenseFloats.floats(columns);
        IntStream.range(0, rows).parallel().forEach(row -> {
            int c = row / (kernel * kernel);
            int kh = row / kernel % kernel;
            int kw = row % kernel;
            int target = row * positions;
            for (int b = 0; b < n; b++) {
                int plane = (b * in + c) * h * w;
                for (int y = 0; y < oh; y++) {
                    int iy = y * stride - padding + kh;
                    boolean rowInside = iy >= 0 && iy < h;
                    for (int z = 0; z < ow; z++) {
                        int ix = z * stride - padding + kw;
                        cols.put(target++, rowInside && ix >= 0 && ix < w ? source.get(plane + iy * w + ix) : 0f);
                    }
                }
            }
        });

        FloatBuffer gradient = DenseFloats.floats(g);
        INDArray byChannel = DenseFloats.newArray(out, positions);
        FloatBuffer gt = DenseFloats.floats(byChannel);
        int map = oh * ow;
        IntStream.range(0, out).parallel().forEach(o -> {
            for (int b = 0; b < n; b++) {
                int from = (b * out + o) * map;
                int to = o * positions + b * map;
                for (int i = 0; i < map; i++) {
                    gt.put(to + i, gradient.get(from + i));
                }
            }
        });
        return byChannel.mmul(columns.transpose()).reshape('c', out, in, kernel, kernel);
    }
}
