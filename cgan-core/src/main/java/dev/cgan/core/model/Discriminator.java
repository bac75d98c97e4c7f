package dev.cgan.core.model;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;

/**
 * The conditional discriminator D(x | y): the image with the one-hot label broadcast to its size and concatenated on
 * channels, to the probability {@code [N, 1]} that the image is real; or, for a block network (a projection
 * discriminator), the image and the labels to a raw score {@code [N, 1]}.
 */
public final class Discriminator {

    private final ModelSpec model;
    private final Network network;
    private final TensorOps ops;

    /** Builds the discriminator of {@code model} on {@code context}. */
    public Discriminator(ComputeContext context, ModelSpec model) {
        this.model = model;
        this.network = new Network(context, model.discriminator());
        this.ops = context.ops();
    }

    /** The model this discriminator belongs to. */
    public ModelSpec model() {
        return model;
    }

    /** The underlying network (parameters, buffers, layers). */
    public Network network() {
        return network;
    }

    /** Scores images {@code [N, channels, size, size]} for one-hot labels {@code [N, numClasses]}: {@code [N, 1]}. */
    public Tensor forward(Tensor images, Tensor labels, boolean training) {
        int n = images.shape().dim(0);
        if (network.spec().isBlocks()) {
            return ops.reshape(network.forward(images, labels, training), Shape.of(n, 1));
        }
        if (network.spec().isBranched()) {
            Tensor flat = ops.reshape(images, Shape.of(n, images.shape().sizeAsInt() / n));
            return ops.reshape(network.forward(flat, labels, training), Shape.of(n, 1));
        }
        Tensor maps = ops.broadcastLabels(labels, images.shape().dim(2), images.shape().dim(3));
        Tensor out = network.forward(ops.concatChannels(images, maps), training);
        return ops.reshape(out, Shape.of(n, 1));
    }
}
