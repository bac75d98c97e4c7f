package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/**
 * Nearest-neighbour upsampling of {@code [N, C, H, W]} by an integer factor, PyTorch's
 * {@code torch.nn.Upsample(scale_factor=scale, mode='nearest')}: the output is {@code [N, C, scale*H, scale*W]} with
 * {@code out[n, c, i, j] = x[n, c, floor(i / scale), floor(j / scale)]}, i.e. every input pixel becomes a
 * {@code scale x scale} block of copies. The gradient of an input pixel is the sum of the output gradient over its
 * block. No parameters, no buffers; the same in training and evaluation mode.
 *
 * @param scale the integer factor on height and width, at least 1 (the residual generators of SNGAN use 2)
 */
public record Upsample(int scale) implements LayerSpec {

    public Upsample {
        SpatialGeometry.requirePositive("Upsample scale", scale);
    }

    /** {@code torch.nn.Upsample(scale_factor=2, mode='nearest')}. */
    public static Upsample nearest2x() {
        return new Upsample(2);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("Upsample expects [N, C, H, W], got " + input);
        }
        return Shape.of(input.dim(0), input.dim(1), input.dim(2) * scale, input.dim(3) * scale);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.upsample(this);
    }
}
