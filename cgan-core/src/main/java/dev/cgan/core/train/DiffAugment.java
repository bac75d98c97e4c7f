package dev.cgan.core.train;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.core.init.SeededRandom;
import java.util.Arrays;
import java.util.List;

/**
 * DiffAugment (Zhao et al. 2020): the discriminator sees every image, real or generated, through the same random
 * differentiable augmentation, in the D step and in the G step, so that it cannot memorise a small training set while
 * the generator still gets gradients through the augmentation. The random parameters are drawn on the host from the
 * run's own stream (checkpointed, so a resumed run draws what an uninterrupted one would), and the engines'
 * operations ({@code TensorOps.augmentColor}, {@code augmentTranslation}, {@code augmentCutout}) apply them, so every
 * engine augments identically.
 *
 * <p>As in the reference implementation, every call draws its own parameters: an iteration draws three sets of
 * {@code N} (one per image), for the real batch, the detached fake batch of the D step, and the fake batch of the G
 * step. Within a call the policies draw in their order, each as the reference does: color one uniform {@code r} per
 * image for brightness, then for saturation, then for contrast; translation the row shifts, then the column shifts,
 * uniform in {@code [-s, s]}, {@code s = int(size / 8 + 0.5)}; cutout the rows, then the columns of the square's
 * centre, uniform in {@code [0, size + 1 - side % 2)}, side {@code int(size / 2 + 0.5)}.
 */
public final class DiffAugment {

    /** The reference implementation's translation ratio: shifts of up to an eighth of the image. */
    public static final double TRANSLATION_RATIO = 0.125;

    /** The reference implementation's cutout ratio: a square of half the image's side. */
    public static final double CUTOUT_RATIO = 0.5;

    private final DiffAugmentSetting setting;
    private final SeededRandom random;

    /** Augmentation with {@code setting}'s policies, drawing from {@code random} (the run's augmentation stream). */
    public DiffAugment(DiffAugmentSetting setting, SeededRandom random) {
        this.setting = setting;
        this.random = random;
    }

    /** The three calls of the next iteration for a global batch of {@code n} images of {@code height x width}. */
    public Iteration next(int n, int height, int width) {
        if (!setting.isOn()) {
            return Iteration.NONE;
        }
        return new Iteration(draw(n, height, width), draw(n, height, width), draw(n, height, width));
    }

    /** One call's parameters: {@code n} images, each policy in turn. */
    Draw draw(int n, int height, int width) {
        float[] brightness = null;
        float[] saturation = null;
        float[] contrast = null;
        int[] rows = null;
        int[] cols = null;
        int[] top = null;
        int[] left = null;
        int cutHeight = side(height, CUTOUT_RATIO);
        int cutWidth = side(width, CUTOUT_RATIO);
        for (DiffAugmentPolicy policy : setting.policies()) {
            switch (policy) {
                case COLOR -> {
                    brightness = uniforms(n, -0.5f, 1f);
                    saturation = uniforms(n, 0f, 2f);
                    contrast = uniforms(n, 0.5f, 1f);
                }
                case TRANSLATION -> {
                    rows = shifts(n, side(height, TRANSLATION_RATIO));
                    cols = shifts(n, side(width, TRANSLATION_RATIO));
                }
                case CUTOUT -> {
                    top = corners(n, height, cutHeight);
                    left = corners(n, width, cutWidth);
                }
            }
        }
        return new Draw(setting.policies(), brightness, saturation, contrast, rows, cols, top, left, cutHeight,
                cutWidth);
    }

    /** {@code int(size * ratio + 0.5)}, as the reference rounds. */
    static int side(int size, double ratio) {
        return (int) (size * ratio + 0.5);
    }

    /** {@code shift + scale * r} (r = {@code torch.rand}) per image: {@code r - 0.5}, {@code 2r}, {@code r + 0.5}. */
    private float[] uniforms(int n, float shift, float scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextFloat() * scale + shift;
        }
        return out;
    }

    /** Uniform integers in {@code [-s, s]} ({@code torch.randint(-s, s + 1)}). */
    private int[] shifts(int n, int s) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(2 * s + 1) - s;
        }
        return out;
    }

    /**
     * The first row (or column) of each square: its centre uniform in {@code [0, size + 1 - side % 2)}
     * ({@code torch.randint}), minus {@code side / 2}.
     */
    private int[] corners(int n, int size, int side) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(size + 1 - side % 2) - side / 2;
        }
        return out;
    }

    /**
     * One call's parameters for a batch: the arrays of the policies it applies (null for the others).
     *
     * @param policies the policies, applied in this order
     */
    public record Draw(List<DiffAugmentPolicy> policies, float[] brightness, float[] saturation, float[] contrast,
                       int[] rows, int[] cols, int[] top, int[] left, int cutHeight, int cutWidth) {

        /** No augmentation: {@link #apply} returns its input. */
        public static final Draw NONE = new Draw(List.of(), null, null, null, null, null, null, null, 0, 0);

        /** {@code x} augmented, differentiably (the input itself when there is no policy). */
        public Tensor apply(TensorOps ops, Tensor x) {
            Tensor out = x;
            for (DiffAugmentPolicy policy : policies) {
                out = switch (policy) {
                    case COLOR -> ops.augmentColor(out, brightness, saturation, contrast);
                    case TRANSLATION -> ops.augmentTranslation(out, rows, cols);
                    case CUTOUT -> ops.augmentCutout(out, top, left, cutHeight, cutWidth);
                };
            }
            return out;
        }

        /** The parameters of images {@code from} (inclusive) to {@code to}: one rank's share of the batch. */
        Draw slice(int from, int to) {
            return new Draw(policies, part(brightness, from, to), part(saturation, from, to), part(contrast, from, to),
                    part(rows, from, to), part(cols, from, to), part(top, from, to), part(left, from, to), cutHeight,
                    cutWidth);
        }

        private static float[] part(float[] a, int from, int to) {
            return a == null ? null : Arrays.copyOfRange(a, from, to);
        }

        private static int[] part(int[] a, int from, int to) {
            return a == null ? null : Arrays.copyOfRange(a, from, to);
        }
    }

    /**
     * The three augmentations of one iteration.
     *
     * @param real             of the real batch (D step)
     * @param fake             of the detached fake batch (D step)
     * @param fakeForGenerator of the fake batch the generator is trained through (G step)
     */
    public record Iteration(Draw real, Draw fake, Draw fakeForGenerator) {

        /** No augmentation. */
        public static final Iteration NONE = new Iteration(Draw.NONE, Draw.NONE, Draw.NONE);

        /** One rank's share: images {@code from} (inclusive) to {@code to} of each call. */
        Iteration slice(int from, int to) {
            return this == NONE ? NONE : new Iteration(real.slice(from, to), fake.slice(from, to),
                    fakeForGenerator.slice(from, to));
        }
    }
}
