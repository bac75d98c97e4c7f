package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/**
 * Element-wise {@code x > 0 ? x : slope * x}; its gradient at exactly 0 is {@code slope} (PyTorch's convention).
 *
 * @param slope the negative slope (0.2 in the seed's discriminator)
 */
public record LeakyReLU(double slope) implements LayerSpec {

    public LeakyReLU {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU slope must be finite, got " + slope);
        }
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.leakyRelu(this);
    }
}
