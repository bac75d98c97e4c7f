package dev.cgan.backend.djl.kernel;

/**
 * Transposed convolution straight from its definition, in double precision on the host: every input pixel scatters
 * through the kernel, {@code y[n, co, ih·s - p + kh, iw·s - p + kw] += x[n, ci, ih, iw] · w[ci, co, kh, kw]}; and the
 * gradients of {@code L = Σ y · g} with respect to input and weight by the same loops. The reference the fast paths
 * are checked against.
 */
public final class NaiveTransposedConvolution {

    final int n;
    final int in;
    final int out;
    final int height;
    final int width;
    final int kernel;
    final int stride;
    final int padding;
    public final int outHeight;
    public final int outWidth;

    public NaiveTransposedConvolution(int n, int in, int out, int height, int width, int kernel, int stride,
                                      int padding) {
        this.n = n;
        this.in = in;
        this.out = out;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outHeight = (height - 1) * stride - 2 * padding + kernel;
        this.outWidth = (width - 1) * stride - 2 * padding + kernel;
    }

    /** y for x {@code [n, in, H, W]}, w {@code [in, out, k, k]}, bias {@code [out]} or null. */
    public double[] forward(float[] x, float[] w, float[] bias) {
        double[] y = new double[n * out * outHeight * outWidth];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < out; co++) {
                for (int oh = 0; oh < outHeight; oh++) {
                    for (int ow = 0; ow < outWidth; ow++) {
                        y[((b * out + co) * outHeight + oh) * outWidth + ow] = bias == null ? 0 : bias[co];
                    }
                }
            }
        }
        visit((xi, wi, yi) -> y[yi] += (double) x[xi] * w[wi]);
        return y;
    }

    /** dL/dx for upstream gradient g {@code [n, out, OH, OW]}. */
    double[] inputGradient(float[] w, float[] g) {
        double[] dx = new double[n * in * height * width];
        visit((xi, wi, yi) -> dx[xi] += (double) g[yi] * w[wi]);
        return dx;
    }

    /** dL/dw for upstream gradient g. */
    double[] weightGradient(float[] x, float[] g) {
        double[] dw = new double[in * out * kernel * kernel];
        visit((xi, wi, yi) -> dw[wi] += (double) g[yi] * x[xi]);
        return dw;
    }

    private interface Tap {
        void at(int inputIndex, int weightIndex, int outputIndex);
    }

    private void visit(Tap tap) {
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < in; ci++) {
                for (int ih = 0; ih < height; ih++) {
                    for (int iw = 0; iw < width; iw++) {
                        int xi = ((b * in + ci) * height + ih) * width + iw;
                        for (int co = 0; co < out; co++) {
                            for (int kh = 0; kh < kernel; kh++) {
                                int oh = ih * stride - padding + kh;
                                if (oh < 0 || oh >= outHeight) {
                                    continue;
                                }
                                for (int kw = 0; kw < kernel; kw++) {
                                    int ow = iw * stride - padding + kw;
                                    if (ow < 0 || ow >= outWidth) {
                                        continue;
                                    }
                                    int wi = ((ci * out + co) * kernel + kh) * kernel + kw;
                                    int yi = ((b * out + co) * outHeight + oh) * outWidth + ow;
                                    tap.at(xi, wi, yi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
