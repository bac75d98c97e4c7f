package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/** Element-wise logistic function {@code 1 / (1 + exp(-x))}, the discriminator's output activation. */
public record Sigmoid() implements LayerSpec {

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.sigmoid(this);
    }
}
