package dev.cgan.core.eval;

import dev.cgan.core.model.ModelSpec;

/**
 * A model's images as the classifier sees them: mapped to [-1, 1], then brought to the classifier's side — averaged
 * over whole-factor blocks when larger (dcgan64's 64×64 to 32×32: the exact inverse of the nearest-neighbour
 * enlargement its real images had), centred on a canvas of -1 when smaller (the MLP's 28×28 to 32×32: exactly the
 * padding the real images have).
 */
public final class ClassifierView {

    private ClassifierView() {
    }

    /**
     * Converts {@code count} images of {@code model} ({@code channels × imageSize²} floats each, in the model's pixel
     * range) to {@code side × side}.
     *
     * @throws IllegalArgumentException if the sizes are not related by a whole factor or a padding
     */
    public static float[] convert(float[] pixels, int count, ModelSpec model, int side) {
        int c = model.channels();
        int s = model.imageSize();
        float[] out = new float[count * c * side * side];
        if (s > side && s % side != 0) {
            throw new IllegalArgumentException("cannot bring " + s + "x" + s + " images to the classifier's " + side
                    + "x" + side + ": not a whole factor");
        }
        for (int i = 0; i < count; i++) {
            for (int ch = 0; ch < c; ch++) {
                int from = (i * c + ch) * s * s;
                int to = (i * c + ch) * side * side;
                if (s >= side) {
                    pool(pixels, from, s, s / side, model, out, to, side);
                } else {
                    pad(pixels, from, s, model, out, to, side);
                }
            }
        }
        return out;
    }

    private static void pool(float[] in, int from, int s, int factor, ModelSpec model, float[] out, int to,
                             int side) {
        float area = factor * factor;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float sum = 0;
                for (int dy = 0; dy < factor; dy++) {
                    for (int dx = 0; dx < factor; dx++) {
                        sum += model.pixels().toSymmetric(in[from + (y * factor + dy) * s + x * factor + dx]);
                    }
                }
                out[to + y * side + x] = sum / area;
            }
        }
    }

    private static void pad(float[] in, int from, int s, ModelSpec model, float[] out, int to, int side) {
        java.util.Arrays.fill(out, to, to + side * side, -1f);
        int offset = (side - s) / 2;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                out[to + (y + offset) * side + x + offset] = model.pixels().toSymmetric(in[from + y * s + x]);
            }
        }
    }
}
