package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/**
 * Average pooling of {@code [N, C, H, W]} over non-overlapping {@code kernel x kernel} windows, PyTorch's
 * {@code torch.nn.AvgPool2d(kernel)} (stride = kernel, padding 0, {@code ceil_mode=False}): the output is
 * {@code [N, C, floor(H / kernel), floor(W / kernel)]} with
 * {@code out[n, c, i, j] = (1 / kernel^2) * sum_{a, b < kernel} x[n, c, i*kernel + a, j*kernel + b]}. Rows and
 * columns past the last whole window (odd sizes with kernel 2) are not read, and their gradient is 0; every element
 * of a window receives {@code 1 / kernel^2} of its output's gradient. No parameters, no buffers; the same in
 * training and evaluation mode.
 *
 * @param kernel the window's side and stride, at least 1 (the residual discriminators of SNGAN use 2)
 */
public record AvgPool2d(int kernel) implements LayerSpec {

    public AvgPool2d {
        SpatialGeometry.requirePositive("AvgPool2d kernel", kernel);
    }

    /** {@code torch.nn.AvgPool2d(2)}: 2x2 windows, stride 2. */
    public static AvgPool2d halving() {
        return new AvgPool2d(2);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("AvgPool2d expects [N, C, H, W], got " + input);
        }
        if (input.dim(2) < kernel || input.dim(3) < kernel) {
            throw new IllegalArgumentException("AvgPool2d(" + kernel + ") needs height and width of at least "
                    + kernel + ", got " + input);
        }
        return Shape.of(input.dim(0), input.dim(1), input.dim(2) / kernel, input.dim(3) / kernel);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.avgPool2d(this);
    }
}
