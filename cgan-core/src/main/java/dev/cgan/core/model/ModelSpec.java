package dev.cgan.core.model;

import java.util.List;

/**
 * A conditional GAN architecture as data: generator and discriminator networks and the shapes they connect.
 *
 * <p>The conditioning follows the seed: the generator's input is noise {@code z} concatenated with the one-hot label
 * on channels (both as {@code [N, C, 1, 1]}) — or on features for MLP models; the discriminator's input is the image
 * concatenated with the one-hot label broadcast to the image's size.
 *
 * @param name          the model's name as users type it ({@code dcgan64}, {@code dcgan32})
 * @param zDim          noise dimension
 * @param numClasses    number of classes (one-hot label length)
 * @param channels      image channels (3 for RGB, 1 for grayscale)
 * @param imageSize     image height and width
 * @param generator     the generator network; input {@code [N, zDim + numClasses, 1, 1]}, output
 *                      {@code [N, channels, imageSize, imageSize]} in [-1, 1]
 * @param discriminator the discriminator network; input {@code [N, channels + numClasses, imageSize, imageSize]},
 *                      output {@code [N, 1, 1, 1]} probabilities
 */
public record ModelSpec(String name, int zDim, int numClasses, int channels, int imageSize, NetworkSpec generator,
                        NetworkSpec discriminator) {

    /** The seed's PyTorch state_dict names of every parameter and buffer of both networks, in order. */
    public List<String> stateNames() {
        return java.util.stream.Stream.concat(
                        StateNames.of(generator).stream(), StateNames.of(discriminator).stream())
                .toList();
    }
}
