package dev.cgan.core.fakes;

import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A float32 tensor that is just a host array, for the test fakes of every module: values, a gradient once
 * {@link #requireGrad()} is called, and an optional backward step for fakes that differentiate (such as the
 * conformance suite's SGD fake). Code that only reads and writes tensor values never sees the gradient.
 */
public final class HostTensor implements Tensor {

    private final Shape shape;
    private final float[] values;
    /** Receives the upstream gradient of a computed result; null for leaves. */
    private final Consumer<Float> backward;
    private boolean requiresGrad;
    private HostTensor grad;

    /** A leaf holding a copy of {@code values}. */
    public HostTensor(Shape shape, float[] values) {
        this(shape, values, null);
    }

    /** A result holding a copy of {@code values}, whose {@link #backprop} hands the upstream gradient to {@code backward}. */
    public HostTensor(Shape shape, float[] values, Consumer<Float> backward) {
        this(values.clone(), shape, backward);
    }

    /** Wraps {@code storage} itself, as {@link #detach()} shares its storage. */
    private HostTensor(float[] storage, Shape shape, Consumer<Float> backward) {
        if (storage.length != shape.size()) {
            throw new IllegalArgumentException(storage.length + " values for shape " + shape);
        }
        this.shape = shape;
        this.values = storage;
        this.backward = backward;
    }

    /** The live values, not a copy: for fakes that compute in place, as an optimizer step does. */
    public float[] storage() {
        return values;
    }

    /** Runs this result's backward step with the upstream gradient; nothing for leaves. */
    public void backprop(float upstream) {
        if (backward != null) {
            backward.accept(upstream);
        }
    }

    /** Adds {@code scale * contribution} to the gradient, if this tensor requires one. */
    public void accumulateGrad(float[] contribution, float scale) {
        if (grad != null && requiresGrad) {
            for (int i = 0; i < contribution.length; i++) {
                grad.values[i] += contribution[i] * scale;
            }
        }
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public float[] toFloatArray() {
        return values.clone();
    }

    @Override
    public void copyFrom(float[] source) {
        if (source.length != values.length) {
            throw new IllegalArgumentException(source.length + " values for shape " + shape);
        }
        System.arraycopy(source, 0, values, 0, values.length);
    }

    @Override
    public Tensor requireGrad() {
        return requireGrad(true);
    }

    @Override
    public Tensor requireGrad(boolean required) {
        requiresGrad = required;
        if (required && grad == null) {
            grad = new HostTensor(new float[values.length], shape, null);
        }
        return this;
    }

    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    @Override
    public Tensor grad() {
        return grad;
    }

    @Override
    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad.values, 0f);
        }
    }

    /** The same storage without gradient or backward step, as {@code torch.Tensor.detach} shares its storage. */
    @Override
    public Tensor detach() {
        return new HostTensor(values, shape, null);
    }

    @Override
    public void close() {
    }
}
