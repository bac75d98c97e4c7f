package dev.cgan.core.fakes;

import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;

/** A tensor that is just a host array: enough to test code that only reads and writes tensor values. */
public final class HostTensor implements Tensor {

    private final Shape shape;
    private final float[] values;
    private boolean requiresGrad;

    public HostTensor(Shape shape, float[] values) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        this.shape = shape;
        this.values = values.clone();
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
        requiresGrad = true;
        return this;
    }

    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    @Override
    public Tensor grad() {
        return null;
    }

    @Override
    public void zeroGrad() {
    }

    @Override
    public Tensor detach() {
        return new HostTensor(shape, values);
    }

    @Override
    public void close() {
    }
}
