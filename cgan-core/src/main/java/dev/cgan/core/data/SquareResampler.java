package dev.cgan.core.data;

/**
 * Centre-crops one image plane to a square and resamples it to {@code size × size}. Shrinking averages the source
 * area under each target pixel (weighted by how much of each source pixel it covers), which is what a good
 * photographic downscale does and what keeps thin lines and fine texture from aliasing; enlarging interpolates
 * bilinearly between pixel centres. Values are 0..255 as doubles; results are rounded to bytes.
 */
final class SquareResampler {

    private SquareResampler() {
    }

    /**
     * Resamples the central square of {@code plane} ({@code width × height}, row-major) into {@code out} from
     * {@code offset}, {@code size × size} bytes.
     */
    static void resample(float[] plane, int width, int height, int size, byte[] out, int offset) {
        int side = Math.min(width, height);
        int x0 = (width - side) / 2;
        int y0 = (height - side) / 2;
        float[] rows = new float[side * size];
        // Separable: first across (side rows → size columns), then down (side rows → size rows).
        for (int y = 0; y < side; y++) {
            resampleLine(plane, (y0 + y) * width + x0, 1, side, rows, y * size, 1, size);
        }
        float[] column = new float[size];
        for (int x = 0; x < size; x++) {
            resampleLine(rows, x, size, side, column, 0, 1, size);
            for (int y = 0; y < size; y++) {
                out[offset + y * size + x] = (byte) Math.max(0, Math.min(255, Math.round(column[y])));
            }
        }
    }

    /** Resamples {@code n} values of {@code in} (every {@code inStep}) to {@code m} values of {@code out}. */
    private static void resampleLine(float[] in, int inOffset, int inStep, int n, float[] out, int outOffset,
                                     int outStep, int m) {
        if (n == m) {
            for (int i = 0; i < m; i++) {
                out[outOffset + i * outStep] = in[inOffset + i * inStep];
            }
        } else if (n > m) {
            double scale = (double) n / m;
            for (int i = 0; i < m; i++) {
                double from = i * scale;
                double to = from + scale;
                double sum = 0;
                for (int j = (int) from; j < n && j < to; j++) {
                    double overlap = Math.min(to, j + 1) - Math.max(from, j);
                    sum += overlap * in[inOffset + j * inStep];
                }
                out[outOffset + i * outStep] = (float) (sum / scale);
            }
        } else {
            double scale = (double) n / m;
            for (int i = 0; i < m; i++) {
                // Pixel centres aligned (as PIL and OpenCV do), edges clamped.
                double src = Math.max(0, Math.min(n - 1, (i + 0.5) * scale - 0.5));
                int j = (int) src;
                int k = Math.min(n - 1, j + 1);
                double t = src - j;
                out[outOffset + i * outStep] = (float) ((1 - t) * in[inOffset + j * inStep]
                        + t * in[inOffset + k * inStep]);
            }
        }
    }
}
