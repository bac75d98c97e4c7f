package dev.cgan.api.spi;

import java.nio.FloatBuffer;

/**
 * DiffAugment's three policies ({@link dev.cgan.api.tensor.TensorOps#augmentColor augmentColor},
 * {@link dev.cgan.api.tensor.TensorOps#augmentTranslation augmentTranslation},
 * {@link dev.cgan.api.tensor.TensorOps#augmentCutout augmentCutout}) and their gradients on float32 images
 * {@code [N, C, H, W]} in host memory (row-major), for engines that keep tensors where Java can read them (nd4j,
 * onednn). Every method works on a range of samples, so an engine can split the batch across its threads; sums are
 * accumulated in double.
 *
 * <p>Translation and cutout are their own gradients' shape: the gradient of a translation by {@code (r, c)} is the
 * translation of the upstream gradient by {@code (-r, -c)}, and the gradient of a cutout is the cutout of the
 * upstream gradient.
 */
public final class HostAugment {

    private HostAugment() {
    }

    /**
     * The color policy for samples {@code from} (inclusive) to {@code to}: brightness shift, saturation about the
     * per-pixel channel mean, contrast about the sample's mean, in that order (see {@code TensorOps.augmentColor}).
     *
     * @param plane {@code H * W}
     */
    public static void colorForward(FloatBuffer x, FloatBuffer out, int channels, int plane, float[] brightness,
                                    float[] saturation, float[] contrast, int from, int to) {
        int size = channels * plane;
        for (int n = from; n < to; n++) {
            int base = n * size;
            float b = brightness[n];
            float s = saturation[n];
            double total = 0;
            for (int p = 0; p < plane; p++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += x.get(base + c * plane + p) + b;
                }
                float mean = (float) (sum / channels);
                for (int c = 0; c < channels; c++) {
                    int i = base + c * plane + p;
                    float v = ((x.get(i) + b) - mean) * s + mean;
                    out.put(i, v);
                    total += v;
                }
            }
            float mean = (float) (total / size);
            float k = contrast[n];
            for (int i = base; i < base + size; i++) {
                out.put(i, (out.get(i) - mean) * k + mean);
            }
        }
    }

    /**
     * The color policy's input gradient for samples {@code from} to {@code to}: through the contrast
     * ({@code k g + (1 - k) mean(g)} over the sample), then the saturation ({@code s g + (1 - s) mean(g)} over each
     * pixel's channels); the brightness shift passes the gradient unchanged.
     */
    public static void colorBackward(FloatBuffer g, FloatBuffer dx, int channels, int plane, float[] saturation,
                                     float[] contrast, int from, int to) {
        int size = channels * plane;
        for (int n = from; n < to; n++) {
            int base = n * size;
            double total = 0;
            for (int i = base; i < base + size; i++) {
                total += g.get(i);
            }
            float k = contrast[n];
            float s = saturation[n];
            float spread = (float) ((1.0 - k) * total / size);
            for (int p = 0; p < plane; p++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += g.get(base + c * plane + p) * k + spread;
                }
                float shared = (float) ((1.0 - s) * sum / channels);
                for (int c = 0; c < channels; c++) {
                    int i = base + c * plane + p;
                    dx.put(i, (g.get(i) * k + spread) * s + shared);
                }
            }
        }
    }

    /**
     * {@code out[n, c, i, j] = x[n, c, i + sign * rows[n], j + sign * cols[n]]}, 0 outside the image, for samples
     * {@code from} to {@code to}: the translation with {@code sign = 1}, its gradient with {@code sign = -1}.
     */
    public static void translate(FloatBuffer x, FloatBuffer out, int channels, int height, int width, int[] rows,
                                 int[] cols, int sign, int from, int to) {
        int plane = height * width;
        for (int n = from; n < to; n++) {
            long dr = (long) sign * rows[n];
            long dc = (long) sign * cols[n];
            for (int c = 0; c < channels; c++) {
                int base = (n * channels + c) * plane;
                for (int i = 0; i < height; i++) {
                    long si = i + dr;
                    for (int j = 0; j < width; j++) {
                        long sj = j + dc;
                        boolean inside = si >= 0 && si < height && sj >= 0 && sj < width;
                        out.put(base + i * width + j, inside ? x.get(base + (int) si * width + (int) sj) : 0f);
                    }
                }
            }
        }
    }

    /**
     * {@code x} with rows {@code top[n] ..< top[n] + h} and columns {@code left[n] ..< left[n] + w} (clipped) set to
     * 0 in every channel, for samples {@code from} to {@code to}: the cutout, and equally its gradient.
     */
    public static void cutout(FloatBuffer x, FloatBuffer out, int channels, int height, int width, int[] top,
                              int[] left, int h, int w, int from, int to) {
        int plane = height * width;
        for (int n = from; n < to; n++) {
            for (int c = 0; c < channels; c++) {
                int base = (n * channels + c) * plane;
                for (int i = 0; i < height; i++) {
                    boolean row = i >= top[n] && i < (long) top[n] + h;
                    for (int j = 0; j < width; j++) {
                        boolean cut = row && j >= left[n] && j < (long) left[n] + w;
                        out.put(base + i * width + j, cut ? 0f : x.get(base + i * width + j));
                    }
                }
            }
        }
    }
}
