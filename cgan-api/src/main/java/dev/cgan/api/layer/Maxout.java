package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A maxout layer (Goodfellow et al., 2013) on {@code [N, in]}: {@code units} outputs, each the maximum of
 * {@code pieces} affine functions of the input.
 *
 * <p>Parameters: {@code weight [units * pieces, in]} and {@code bias [units * pieces]}, the weight and bias of one
 * Linear layer {@code a = x W^T + b} of {@code units * pieces} outputs. Grouping is <b>unit-major</b>: the pieces of
 * unit {@code u} are the contiguous rows {@code u * pieces .. u * pieces + pieces - 1}, i.e.
 * {@code out[n, u] = max_k a[n, u * pieces + k]}; in PyTorch
 * {@code F.linear(x, weight, bias).view(N, units, pieces).max(dim=2).values}. The gradient of each output flows to
 * its maximal piece only (and from there to {@code x}, {@code weight} and {@code bias}); which piece receives it when
 * two pieces are exactly equal is left to the backend (ties have probability zero with continuous inputs and are not
 * part of the conformance suite).
 *
 * @param in     input features
 * @param units  output features
 * @param pieces affine pieces per unit, at least 1 (1 is a plain Linear)
 */
public record Maxout(int in, int units, int pieces) implements LayerSpec {

    public Maxout {
        SpatialGeometry.requirePositive("Maxout sizes", in, units, pieces);
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("weight", Shape.of(units * pieces, in));
        p.put("bias", Shape.of(units * pieces));
        return p;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 2 || input.dim(1) != in) {
            throw new IllegalArgumentException("Maxout expects [N, " + in + "], got " + input);
        }
        return Shape.of(input.dim(0), units);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.maxout(this);
    }
}
