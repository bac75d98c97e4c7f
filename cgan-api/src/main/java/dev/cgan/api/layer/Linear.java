package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fully connected layer {@code y = x W^T + b} on {@code [N, in]}; weight {@code [out, in]}, optional bias {@code [out]}. */
public record Linear(int in, int out, boolean bias) implements LayerSpec {

    public Linear {
        SpatialGeometry.requirePositive("Linear features", in, out);
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("weight", Shape.of(out, in));
        if (bias) {
            p.put("bias", Shape.of(out));
        }
        return p;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 2 || input.dim(1) != in) {
            throw new IllegalArgumentException("Linear expects [N, " + in + "], got " + input);
        }
        return Shape.of(input.dim(0), out);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.linear(this);
    }
}
