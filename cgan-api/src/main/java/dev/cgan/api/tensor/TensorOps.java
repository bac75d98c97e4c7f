package dev.cgan.api.tensor;

/**
 * The neutral tensor operations the model graph needs beyond layers. All are differentiable while a
 * {@link dev.cgan.api.autograd.GradientTape} records, and all return new tensors (inputs are not modified).
 */
public interface TensorOps {

    /** Concatenates {@code [N, Ca, ...]} and {@code [N, Cb, ...]} along dimension 1 into {@code [N, Ca+Cb, ...]}. */
    Tensor concatChannels(Tensor a, Tensor b);

    /** The same values, row-major, in a new shape of the same size. */
    Tensor reshape(Tensor t, Shape shape);

    /**
     * Broadcasts per-sample label vectors {@code [N, C]} (one-hot in cgan) to constant maps {@code [N, C, height,
     * width]}: {@code out[n, c, h, w] = labels[n, c]}. This is how the discriminator receives its condition.
     */
    Tensor broadcastLabels(Tensor labels, int height, int width);

    /**
     * Element-wise sum of two tensors of the same shape (a residual connection's {@code h + shortcut}); its gradient
     * is the output's gradient, for both.
     */
    Tensor add(Tensor a, Tensor b);

    /**
     * The sum over height and width of {@code [N, C, H, W]}, giving {@code [N, C]}: PyTorch's
     * {@code torch.sum(t, dim=(2, 3))}, the global sum pooling of SNGAN's discriminator. Its gradient is the output's
     * gradient repeated over each {@code H x W} plane.
     *
     * @throws IllegalArgumentException if {@code t} is not of rank 4
     */
    Tensor sumSpatial(Tensor t);

    /**
     * The inner product of each sample's row, {@code [N, F]} and {@code [N, F]} giving {@code [N, 1]}: PyTorch's
     * {@code torch.sum(a * b, dim=1, keepdim=True)}, the projection term {@code <embed(y), phi(x)>} of a projection
     * discriminator. Gradients: {@code g[n] * b[n, :]} to {@code a} and {@code g[n] * a[n, :]} to {@code b}.
     *
     * @throws IllegalArgumentException if the shapes differ or are not of rank 2
     */
    Tensor rowDot(Tensor a, Tensor b);

    /** The mean of all elements, as a scalar (rank 0). */
    Tensor mean(Tensor t);

    /**
     * The sum of the element-wise products of two tensors of the same shape, {@code sum(a * b)}, as a scalar (rank
     * 0). Its gradient with respect to {@code a} is exactly {@code b} (and vice versa), which is how the conformance
     * suite back-propagates a given upstream gradient through a layer ({@code dot(output, gradOutput)}) and places a
     * given gradient on a parameter ({@code dot(param, grad)}), using nothing but this API.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    Tensor dot(Tensor a, Tensor b);
}
