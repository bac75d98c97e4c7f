package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 2-D convolution (cross-correlation, as PyTorch's {@code nn.Conv2d}) with square kernel, stride and zero padding.
 * Weight {@code [out, in, kernel, kernel]}, optional bias {@code [out]}.
 */
public record Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias) implements LayerSpec {

    public Conv2d {
        SpatialGeometry.requirePositive("Conv2d channels, kernel and stride", in, out, kernel, stride);
        if (padding < 0) {
            throw new IllegalArgumentException("Conv2d padding must be >= 0, got " + padding);
        }
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("weight", Shape.of(out, in, kernel, kernel));
        if (bias) {
            p.put("bias", Shape.of(out));
        }
        return p;
    }

    @Override
    public Shape outputShape(Shape input) {
        SpatialGeometry.requireImage(input, in, "Conv2d");
        int h = SpatialGeometry.convOut(input.dim(2), kernel, stride, padding);
        int w = SpatialGeometry.convOut(input.dim(3), kernel, stride, padding);
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("Conv2d input " + input + " is smaller than its kernel " + kernel);
        }
        return Shape.of(input.dim(0), out, h, w);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.conv2d(this);
    }
}
