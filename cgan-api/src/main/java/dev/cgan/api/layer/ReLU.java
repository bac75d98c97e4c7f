package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/** Element-wise {@code max(0, x)}; its gradient at exactly 0 is 0 (PyTorch's convention). */
public record ReLU() implements LayerSpec {

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.relu(this);
    }
}
