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

    /** Element-wise sum of two tensors of the same shape. */
    Tensor add(Tensor a, Tensor b);

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
