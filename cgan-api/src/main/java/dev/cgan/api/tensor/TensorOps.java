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

    /**
     * DiffAugment's {@code color} policy (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN
     * Training") on images {@code x} of {@code [N, C, H, W]}, with the per-sample random factors drawn by the caller.
     * In PyTorch, for sample {@code n} (each step a differentiable expression; the means are not detached):
     * <pre>{@code
     * x = x + brightness[n]                                               # brightness: r - 0.5
     * m = x.mean(dim=1, keepdim=True);  x = (x - m) * saturation[n] + m   # saturation: 2 r
     * m = x.mean(dim=[1, 2, 3], keepdim=True);  x = (x - m) * contrast[n] + m   # contrast: r + 0.5
     * }</pre>
     * with {@code r} uniform in [0, 1) per sample, a new {@code r} for each of the three.
     *
     * @param brightness the shift of each sample, length N
     * @param saturation the factor of each sample's deviation from its per-pixel channel mean, length N
     * @param contrast   the factor of each sample's deviation from its mean over C, H and W, length N
     * @throws IllegalArgumentException unless {@code x} has rank 4 and each array has N finite values
     */
    Tensor augmentColor(Tensor x, float[] brightness, float[] saturation, float[] contrast);

    /**
     * DiffAugment's {@code translation} policy on {@code [N, C, H, W]} images: sample {@code n} shifted by whole
     * pixels, the vacated border filled with zeros,
     * {@code out[n, c, i, j] = x[n, c, i + rows[n], j + cols[n]]} where that lies inside the image, else 0. This is
     * the reference implementation's gather from the image padded by one zero pixel on each side, at indices clamped
     * to the padding; its gradient moves the upstream gradient back by the same shift (zero where it was cut off).
     *
     * @param rows the row offset of each sample, length N (DiffAugment draws it uniformly in [-s, s], s =
     *             {@code int(H / 8 + 0.5)})
     * @param cols the column offset of each sample, length N (likewise with W)
     * @throws IllegalArgumentException unless {@code x} has rank 4 and both arrays have N values
     */
    Tensor augmentTranslation(Tensor x, int[] rows, int[] cols);

    /**
     * DiffAugment's {@code cutout} policy on {@code [N, C, H, W]} images: in sample {@code n} the rectangle of rows
     * {@code top[n] .. top[n] + height - 1} and columns {@code left[n] .. left[n] + width - 1}, clipped to the image,
     * is set to 0 in every channel; elsewhere {@code out = x}. That is {@code x * mask} with PyTorch's mask of the
     * reference implementation, whose square of side {@code int(H / 2 + 0.5)} is centred at a random offset
     * ({@code top = offset - height // 2}); the gradient is the upstream gradient times the same mask.
     *
     * @param top    the first row of each sample's rectangle, length N (may lie above the image)
     * @param left   the first column of each sample's rectangle, length N (may lie left of the image)
     * @param height the rectangle's rows, at least 1
     * @param width  the rectangle's columns, at least 1
     * @throws IllegalArgumentException unless {@code x} has rank 4, both arrays have N values and the sides are
     *                                  positive
     */
    Tensor augmentCutout(Tensor x, int[] top, int[] left, int height, int width);
}
