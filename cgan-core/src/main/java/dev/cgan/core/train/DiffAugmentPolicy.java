package dev.cgan.core.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The augmentations of DiffAugment (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training"),
 * with the reference implementation's ratios; each is a differentiable operation of the engines
 * ({@code TensorOps.augmentColor}, {@code augmentTranslation}, {@code augmentCutout}).
 */
public enum DiffAugmentPolicy {
    /** Random brightness ({@code r - 0.5}), saturation ({@code 2r}) and contrast ({@code r + 0.5}) per image. */
    COLOR,
    /** A random shift of up to {@code int(size / 8 + 0.5)} pixels on each axis, zeros shifted in. */
    TRANSLATION,
    /** A zeroed square of side {@code int(size / 2 + 0.5)} at a random place, clipped at the borders. */
    CUTOUT;

    /** The name on the command line and in checkpoints: {@code color}, {@code translation}, {@code cutout}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named {@code word}, if any. */
    public static Optional<DiffAugmentPolicy> of(String word) {
        return Arrays.stream(values()).filter(p -> p.word().equals(word)).findFirst();
    }

    /** The known names, comma separated, for messages. */
    public static String known() {
        return Arrays.stream(values()).map(DiffAugmentPolicy::word).collect(Collectors.joining(", "));
    }
}
