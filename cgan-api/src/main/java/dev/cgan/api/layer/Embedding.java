package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.Map;

/**
 * A table of one learned vector per class, PyTorch's {@code torch.nn.Embedding(classes, dim)}, on class labels given
 * the way cgan passes labels everywhere: one-hot rows {@code [N, classes]}. The output {@code [N, dim]} is
 * {@code x W} with the parameter {@code weight [classes, dim]} (PyTorch's name and layout), so a one-hot row of class
 * {@code y} gives exactly row {@code y} of the table: {@code Embedding(x)} equals PyTorch's
 * {@code nn.Embedding(classes, dim)(x.argmax(1))}, and a soft row gives the weighted mix of the rows. Gradients:
 * {@code dW = x^T g} (for one-hot rows, PyTorch's embedding gradient: each class's row receives the sum of its
 * samples' output gradients) and {@code dx = g W^T} (PyTorch has none for class indices; labels usually need none).
 *
 * <p>The weight starts at 0 like every parameter before initialisation; PyTorch draws it from N(0, 1).
 *
 * @param classes the number of classes (rows of the table)
 * @param dim     the length of each vector
 */
public record Embedding(int classes, int dim) implements LayerSpec {

    public Embedding {
        SpatialGeometry.requirePositive("Embedding sizes", classes, dim);
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        return Map.of("weight", Shape.of(classes, dim));
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 2 || input.dim(1) != classes) {
            throw new IllegalArgumentException("Embedding expects one-hot labels [N, " + classes + "], got " + input);
        }
        return Shape.of(input.dim(0), dim);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.embedding(this);
    }
}
