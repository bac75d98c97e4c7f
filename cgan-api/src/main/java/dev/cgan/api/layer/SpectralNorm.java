package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spectral normalisation (Miyato et al. 2018) of a {@link Conv2d}, {@link ConvTranspose2d} or {@link Linear}: PyTorch's
 * {@code torch.nn.utils.spectral_norm(layer)} with its defaults ({@code n_power_iterations=1}, {@code eps=1e-12},
 * {@code dim=0}, except {@code dim=1} for a transposed convolution). The wrapped layer computes with
 * {@code W = weight_orig / sigma}, where {@code sigma} estimates the largest singular value of {@code weight_orig}
 * viewed as a matrix {@code M [height, width]}: dimension {@code dim} of the weight moved to the front, the rest
 * flattened row-major ({@code [out, in*k*k]} for Conv2d and ConvTranspose2d, {@code [out, in]} for Linear).
 *
 * <p><b>Training forward</b> ({@code training = true}): one power iteration, in place and outside the gradient,
 * {@code v = normalize(M^T u)}, then {@code u = normalize(M v)}, with {@code normalize(a) = a / max(||a||, eps)};
 * then {@code sigma = u . (M v)}. Every training forward iterates again (a discriminator called on real and fake
 * batches iterates twice), as PyTorch does. <b>Evaluation forward</b>: no iteration; the stored {@code u} and
 * {@code v} give {@code sigma}. <b>Gradient</b>: {@code u} and {@code v} are constants, {@code sigma} is not: for the
 * gradient {@code G} of the normalised weight, {@code weight_orig} receives
 * {@code G / sigma - (sum(G * weight_orig) / sigma^2) u v^T} (in the matrix view); the bias and the input receive the
 * wrapped layer's gradients.
 *
 * <p><b>State</b>, under PyTorch's names and in its {@code state_dict} order: parameters {@code bias} (when the
 * wrapped layer has one) and {@code weight_orig} (the wrapped layer's weight shape); buffers {@code weight_u
 * [height]} and {@code weight_v [width]}. PyTorch starts {@code u} and {@code v} at normalised N(0, 1) draws of its
 * global generator; cgan starts them at normalised N(0, 1) draws of a fixed stream ({@link #initialVector}), so every
 * engine builds the same layer. Like running statistics, they are buffers: checkpoints and exports carry them, and a
 * model's initialiser or a loaded state may overwrite them.
 *
 * @param layer the wrapped layer: a {@link Conv2d}, {@link ConvTranspose2d} or {@link Linear}
 */
public record SpectralNorm(LayerSpec layer) implements LayerSpec {

    /** PyTorch's {@code eps}: the smallest norm {@code normalize} divides by. */
    public static final double EPS = 1e-12;

    /** Seed of the stream {@code weight_u} starts from ({@code weight_v}: plus one); see {@link #initialVector}. */
    public static final long INITIAL_SEED = 0x5EC7_4A11L;

    public SpectralNorm {
        if (!(layer instanceof Conv2d || layer instanceof ConvTranspose2d || layer instanceof Linear)) {
            throw new IllegalArgumentException("SpectralNorm wraps a Conv2d, ConvTranspose2d or Linear, got "
                    + (layer == null ? "null" : layer.typeName()));
        }
    }

    /** The weight dimension that becomes the matrix's rows: 1 for {@link ConvTranspose2d}, else 0 (PyTorch's). */
    public int dim() {
        return layer instanceof ConvTranspose2d ? 1 : 0;
    }

    /** The shape of {@code weight_orig}: the wrapped layer's weight. */
    public Shape weightShape() {
        return layer.parameterShapes().get("weight");
    }

    /** Rows of the matrix view: the weight's size along {@link #dim()}; the length of {@code weight_u}. */
    public int height() {
        return weightShape().dim(dim());
    }

    /** Columns of the matrix view: the weight's other sizes multiplied; the length of {@code weight_v}. */
    public int width() {
        return weightShape().sizeAsInt() / height();
    }

    /** Whether the wrapped layer has a bias. */
    public boolean hasBias() {
        return layer.parameterShapes().containsKey("bias");
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> p = new LinkedHashMap<>();
        if (hasBias()) {
            p.put("bias", layer.parameterShapes().get("bias"));
        }
        p.put("weight_orig", weightShape());
        return p;
    }

    @Override
    public Map<String, Shape> bufferShapes() {
        Map<String, Shape> b = new LinkedHashMap<>();
        b.put("weight_u", Shape.of(height()));
        b.put("weight_v", Shape.of(width()));
        return b;
    }

    @Override
    public Shape outputShape(Shape input) {
        return layer.outputShape(input);
    }

    /**
     * The starting value of buffer {@code weight_u} or {@code weight_v}: {@code length} N(0, 1) draws, normalised to
     * unit length. The draws are Box-Muller pairs ({@code sqrt(-2 ln(1 - a)) cos(2 pi b)}, then the same with
     * {@code sin}) on the 53-bit uniforms {@code a, b} of SplitMix64 seeded with {@link #INITIAL_SEED} for
     * {@code weight_u} and {@code INITIAL_SEED + 1} for {@code weight_v}.
     *
     * @throws IllegalArgumentException for another buffer name
     */
    public float[] initialVector(String buffer) {
        int length;
        long seed;
        switch (buffer) {
            case "weight_u" -> {
                length = height();
                seed = INITIAL_SEED;
            }
            case "weight_v" -> {
                length = width();
                seed = INITIAL_SEED + 1;
            }
            default -> throw new IllegalArgumentException("SpectralNorm has no buffer '" + buffer + "'");
        }
        double[] draws = new double[length];
        long state = seed;
        for (int i = 0; i < length; i += 2) {
            state += 0x9E3779B97F4A7C15L;
            double a = uniform(state);
            state += 0x9E3779B97F4A7C15L;
            double b = uniform(state);
            double radius = Math.sqrt(-2 * Math.log(1 - a));
            draws[i] = radius * Math.cos(2 * Math.PI * b);
            if (i + 1 < length) {
                draws[i + 1] = radius * Math.sin(2 * Math.PI * b);
            }
        }
        double norm = 0;
        for (double d : draws) {
            norm += d * d;
        }
        norm = Math.max(Math.sqrt(norm), EPS);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (draws[i] / norm);
        }
        return out;
    }

    private static double uniform(long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.spectralNorm(this);
    }
}
