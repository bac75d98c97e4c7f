package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.Map;

/**
 * What a layer computes, as data. Backends build a {@link Layer} from a spec; model code is written in specs only.
 *
 * <p>The set of layers is closed: a new layer is added here, to every backend and to the conformance suite.
 * Parameter and buffer names and layouts are PyTorch's, so weights travel between backends and to PyTorch unchanged.
 */
public sealed interface LayerSpec
        permits Conv2d, ConvTranspose2d, BatchNorm2d, Linear, Maxout, Dropout, ReLU, LeakyReLU, Tanh, Sigmoid,
        Upsample, AvgPool2d, Embedding, ConditionalBatchNorm2d, SpectralNorm {

    /** The PyTorch class name of this layer, e.g. {@code "ConvTranspose2d"}. */
    default String typeName() {
        return getClass().getSimpleName();
    }

    /** Trainable parameters by name, in PyTorch's {@code state_dict} order, with their shapes. */
    default Map<String, Shape> parameterShapes() {
        return Map.of();
    }

    /**
     * Whether the layer also reads the class labels ({@link ConditionalLayer#forward(dev.cgan.api.tensor.Tensor,
     * dev.cgan.api.tensor.Tensor, boolean)}); false for every layer but {@link ConditionalBatchNorm2d}.
     */
    default boolean conditional() {
        return false;
    }

    /** Non-trainable state (running statistics) by name, in PyTorch's {@code state_dict} order, with their shapes. */
    default Map<String, Shape> bufferShapes() {
        return Map.of();
    }

    /**
     * The output shape for an input shape.
     *
     * @throws IllegalArgumentException if the input shape does not fit this layer (the message says why)
     */
    Shape outputShape(Shape input);

    /**
     * Calls the visitor's method for this spec's type. Engines dispatch on specs through it, so adding a spec adds a
     * method to {@link Visitor} and every engine fails to compile until it handles the new layer or declares it
     * unsupported.
     */
    <R> R accept(Visitor<R> visitor);

    /** One method per layer type: the exhaustive dispatch over the closed set of specs. */
    interface Visitor<R> {
        R conv2d(Conv2d spec);

        R convTranspose2d(ConvTranspose2d spec);

        R batchNorm2d(BatchNorm2d spec);

        R linear(Linear spec);

        R maxout(Maxout spec);

        R dropout(Dropout spec);

        R relu(ReLU spec);

        R leakyRelu(LeakyReLU spec);

        R tanh(Tanh spec);

        R sigmoid(Sigmoid spec);

        R upsample(Upsample spec);

        R avgPool2d(AvgPool2d spec);

        R embedding(Embedding spec);

        R conditionalBatchNorm2d(ConditionalBatchNorm2d spec);

        R spectralNorm(SpectralNorm spec);
    }
}
