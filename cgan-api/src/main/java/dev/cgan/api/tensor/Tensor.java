package dev.cgan.api.tensor;

import dev.cgan.api.Device;

/**
 * A float32 array on a device, owned by the {@link dev.cgan.api.ComputeContext} that created it.
 *
 * <h2>Gradients</h2>
 * A tensor that {@link #requiresGrad() requires gradients} is a leaf of differentiation: while a
 * {@link dev.cgan.api.autograd.GradientTape} records, operations on it are remembered, and
 * {@link dev.cgan.api.autograd.GradientTape#backward(Tensor)} <em>adds</em> d(loss)/d(this) into {@link #grad()}.
 * Gradients accumulate across backward calls until {@link #zeroGrad()} (PyTorch's semantics).
 *
 * <h2>Memory</h2>
 * {@link #close()} frees the tensor now; otherwise it is freed by the enclosing {@link TensorScope} or by the context.
 */
public interface Tensor extends AutoCloseable {

    /** The dimensions. */
    Shape shape();

    /** Where the data lives. */
    Device device();

    /** Copies the values to the host, row-major. */
    float[] toFloatArray();

    /** The single value of a tensor of size 1 (a loss, for example). */
    default float item() {
        float[] v = toFloatArray();
        if (v.length != 1) {
            throw new IllegalStateException("item() needs a tensor of size 1, this one has shape " + shape());
        }
        return v[0];
    }

    /**
     * Overwrites the values in place (loading weights, optimizer state). The tensor keeps its identity, its
     * gradient flag and its place in any optimizer.
     *
     * @throws IllegalArgumentException if {@code values.length} is not the tensor's size
     */
    void copyFrom(float[] values);

    /** Marks this tensor as a leaf that collects gradients (parameters are marked already). Returns {@code this}. */
    Tensor requireGrad();

    /**
     * PyTorch's {@code requires_grad_(required)} on a leaf. {@code false} freezes it: later operations treat it as a
     * constant, backward passes leave its gradient as it is (engines skip computing it), and {@link #grad()} still
     * reads what it collected before; {@code true} makes it collect again. The GAN use: freeze the discriminator's
     * parameters for the generator's step, whose loss runs through the discriminator but updates only the generator
     * (PyTorch's {@code set_requires_grad(netD, False)}). Returns {@code this}.
     */
    Tensor requireGrad(boolean required);

    /** Whether backward passes accumulate a gradient into this tensor. */
    boolean requiresGrad();

    /**
     * The accumulated gradient, same shape as this tensor (zeros before any backward pass reached it), or
     * {@code null} if this tensor has never required gradients. Read it with {@link #toFloatArray()}; do not close it.
     */
    Tensor grad();

    /** Sets the accumulated gradient to zero. */
    void zeroGrad();

    /**
     * A tensor with the same values that is cut from differentiation: gradients do not flow back through it
     * (PyTorch's {@code detach()}). It may share memory with this tensor; do not modify either in place.
     */
    Tensor detach();

    /** Frees the native memory now. Using the tensor afterwards is an error. Idempotent. */
    @Override
    void close();
}
