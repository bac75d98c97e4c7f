package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Upsample;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * Nearest upsampling as Java loops over plain memory, plane by plane ({@code N * C} planes): forward copies
 * {@code x[i / s, j / s]} to {@code out[i, j]}; backward sums the output gradient over each pixel's {@code s x s}
 * block. oneDNN has a resampling primitive, but the JavaCPP preset in use (dnnl 3.11-1.5.13) maps none of its
 * primitive-descriptor constructors, so it cannot be created from Java; a copy and a 4-term sum are memory-bound
 * anyway.
 */
final class OnednnUpsample extends EngineLayer<OnednnTensor, OnednnContext, Upsample> {

    OnednnUpsample(OnednnContext context, Upsample spec) {
        super(context, spec);
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        Shape in = x.shape();
        int planes = in.dim(0) * in.dim(1);
        int h = in.dim(2);
        int w = in.dim(3);
        int s = spec.scale();
        int ow = w * s;
        int planeOut = h * s * ow;
        return context.compute(() -> {
            OnednnTensor y = context.newTensor(outputShape(x));
            FloatBuffer src = x.floats();
            FloatBuffer dst = y.floats();
            HostLoops.inChunks(planes, (from, to) -> {
                for (int p = from; p < to; p++) {
                    for (int i = 0; i < h * s; i++) {
                        int row = p * h * w + (i / s) * w;
                        int outRow = p * planeOut + i * ow;
                        for (int j = 0; j < ow; j++) {
                            dst.put(outRow + j, src.get(row + j / s));
                        }
                    }
                }
            });
            return y;
        }, g -> {
            OnednnTensor dx = context.newTensor(in);
            FloatBuffer upstream = g.floats();
            FloatBuffer d = dx.floats();
            HostLoops.inChunks(planes, (from, to) -> {
                for (int p = from; p < to; p++) {
                    for (int r = 0; r < h; r++) {
                        for (int c = 0; c < w; c++) {
                            float sum = 0f;
                            for (int a = 0; a < s; a++) {
                                int outRow = p * planeOut + (r * s + a) * ow + c * s;
                                for (int b = 0; b < s; b++) {
                                    sum += upstream.get(outRow + b);
                                }
                            }
                            d.put(p * h * w + r * w + c, sum);
                        }
                    }
                }
            });
            return new OnednnTensor[] {dx};
        }, x);
    }
}
