package dev.cgan.core.model;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;

/**
 * The conditional generator G(z | y): noise and one-hot label, concatenated on channels (or entering separate
 * branches of an MLP), to an image in the model's pixel range.
 */
public final class Generator {

    private final ModelSpec model;
    private final Network network;
    private final TensorOps ops;

    /** Builds the generator of {@code model} on {@code context}. */
    public Generator(ComputeContext context, ModelSpec model) {
        this.model = model;
        this.network = new Network(context, model.generator());
        this.ops = context.ops();
    }

    /** The underlying network (parameters, buffers, layers). */
    public Network network() {
        return network;
    }

    /**
     * Generates images {@code [N, channels, size, size]} from noise {@code [N, zDim]} and one-hot labels
     * {@code [N, numClasses]}.
     */
    public Tensor forward(Tensor noise, Tensor labels, boolean training) {
        int n = noise.shape().dim(0);
        if (network.spec().isBlocks()) {
            return network.forward(noise, labels, training);
        }
        if (network.spec().isBranched()) {
            Tensor flat = network.forward(noise, labels, training);
            return ops.reshape(flat, Shape.of(n, model.channels(), model.imageSize(), model.imageSize()));
        }
        Tensor z = ops.reshape(noise, Shape.of(n, model.zDim(), 1, 1));
        Tensor y = ops.reshape(labels, Shape.of(n, model.numClasses(), 1, 1));
        return network.forward(ops.concatChannels(z, y), training);
    }
}
