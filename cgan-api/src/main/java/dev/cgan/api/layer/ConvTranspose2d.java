package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 2-D transposed convolution (PyTorch's {@code nn.ConvTranspose2d}, the gradient of {@link Conv2d} with respect to
 * its input) with square kernel, stride and padding; output size {@code (in - 1) * stride - 2 * padding + kernel}.
 * Weight {@code [in, out, kernel, kernel]} (PyTorch's layout for transposed convolution), optional bias {@code [out]}.
 */
public record ConvTranspose2d(int in, int out, int kernel, int stride, int padding, boolean bias)
        implements LayerSpec {

    public ConvTranspose2d {
        SpatialGeometry.requirePositive("ConvTranspose2d channels, kernel and stride", in, out, kernel, stride);
        if (padding < 0) {
            throw new IllegalArgumentException("ConvTranspose2d padding must be >= 0, got " + padding);
        }
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("weight", Shape.of(in, out, kernel, kernel));
        if (bias) {
            p.put("bias", Shape.of(out));
        }
        return p;
    }

    @Override
    public Shape outputShape(Shape input) {
        SpatialGeometry.requireImage(input, in, "ConvTranspose2d");
        int h = SpatialGeometry.transposedOut(input.dim(2), kernel, stride, padding);
        int w = SpatialGeometry.transposedOut(input.dim(3), kernel, stride, padding);
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("ConvTranspose2d input " + input + " gives an empty output");
        }
        return Shape.of(input.dim(0), out, h, w);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.convTranspose2d(this);
    }
}
