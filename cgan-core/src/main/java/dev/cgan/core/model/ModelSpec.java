package dev.cgan.core.model;

import java.util.List;

/**
 * A conditional GAN architecture as data: generator and discriminator networks and the shapes they connect.
 *
 * <p>The conditioning follows the seed: the generator's input is noise {@code z} concatenated with the one-hot label
 * on channels (both as {@code [N, C, 1, 1]}) — or on features for MLP models; the discriminator's input is the image
 * concatenated with the one-hot label broadcast to the image's size.
 *
 * @param name          the model's name as users type it ({@code dcgan64}, {@code dcgan32}, {@code mlp},
 *                      {@code sngan32}, {@code sngan64})
 * @param zDim          noise dimension
 * @param numClasses    number of classes (one-hot label length)
 * @param channels      image channels (3 for RGB, 1 for grayscale)
 * @param imageSize     image height and width
 * @param generator     the generator network; input {@code [N, zDim + numClasses, 1, 1]}, output
 *                      {@code [N, channels, imageSize, imageSize]} in [-1, 1]
 * @param discriminator the discriminator network; input {@code [N, channels + numClasses, imageSize, imageSize]},
 *                      output {@code [N, 1, 1, 1]} probabilities (a two-branch network takes the flattened image and
 *                      the label separately, a block network the image and the labels, see {@link NetworkSpec}; a
 *                      block discriminator outputs raw scores {@code [N, 1]})
 * @param noise         the distribution of the generator's noise
 * @param pixels        the range of the generator's images (and of the real images the discriminator sees)
 */
public record ModelSpec(String name, int zDim, int numClasses, int channels, int imageSize, NetworkSpec generator,
                        NetworkSpec discriminator, Noise noise, PixelRange pixels) {

    /** A DCGAN-style model: Gaussian noise, images in [-1, 1]. */
    public ModelSpec(String name, int zDim, int numClasses, int channels, int imageSize, NetworkSpec generator,
                     NetworkSpec discriminator) {
        this(name, zDim, numClasses, channels, imageSize, generator, discriminator, Noise.GAUSSIAN,
                PixelRange.SYMMETRIC);
    }

    /** The distribution each noise element is drawn from. */
    public enum Noise {
        /** Standard normal N(0, 1) (DCGAN). */
        GAUSSIAN,
        /** Uniform on [0, 1): the unit hypercube of Mirza and Osindero's MNIST generator. */
        UNIFORM
    }

    /** The range of image values, set by the generator's last activation. */
    public enum PixelRange {
        /** [-1, 1], for a Tanh generator; byte {@code b} is {@code b / 127.5 - 1}. */
        SYMMETRIC,
        /** [0, 1], for a Sigmoid generator; byte {@code b} is {@code b / 255}. */
        UNIT;

        /** {@code value} in this range mapped to [-1, 1] (what grids and the evaluation's classifier take). */
        public float toSymmetric(float value) {
            return this == UNIT ? 2f * value - 1f : value;
        }
    }

    /**
     * Whether the generator has BatchNorm, plain or conditional (then samples are drawn in training mode, see the
     * trainer).
     */
    public boolean generatorHasBatchNorm() {
        return generator.layers().stream().anyMatch(l -> l instanceof dev.cgan.api.layer.BatchNorm2d
                || l instanceof dev.cgan.api.layer.ConditionalBatchNorm2d);
    }

    /**
     * Whether the discriminator outputs probabilities, i.e. its last layer is a {@code Sigmoid}; false when it
     * outputs raw scores (logits), which the hinge loss needs. Derived from the spec, so that no model can claim
     * otherwise than its layers.
     */
    public boolean discriminatorOutputsProbability() {
        List<dev.cgan.api.layer.LayerSpec> layers = discriminator.layers();
        return !discriminator.isBlocks() && !layers.isEmpty()
                && layers.get(layers.size() - 1) instanceof dev.cgan.api.layer.Sigmoid;
    }

    /** The seed's PyTorch state_dict names of every parameter and buffer of both networks, in order. */
    public List<String> stateNames() {
        return java.util.stream.Stream.concat(
                        StateNames.of(generator).stream(), StateNames.of(discriminator).stream())
                .toList();
    }
}
