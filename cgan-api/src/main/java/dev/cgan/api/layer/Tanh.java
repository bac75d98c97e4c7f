package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/** Element-wise hyperbolic tangent, the generator's output activation. */
public record Tanh() implements LayerSpec {

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.tanh(this);
    }
}
