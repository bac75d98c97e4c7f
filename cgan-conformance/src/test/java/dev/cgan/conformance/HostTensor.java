package dev.cgan.conformance;

import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.function.Consumer;

/** A float32 tensor on the host for {@link HostFakeBackend}: values, an optional gradient and a backward step. */
final class HostTensor implements Tensor {

    final float[] data;
    private final Shape shape;
    private boolean requiresGrad;
    private HostTensor grad;
    /** Receives the upstream gradient of a result of {@code dot}; null for leaves. */
    private final Consumer<Float> backward;

    HostTensor(float[] data, Shape shape, Consumer<Float> backward) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(data.length + " values for shape " + shape);
        }
        this.data = data;
        this.shape = shape;
        this.backward = backward;
    }

    void backprop(float upstream) {
        if (backward != null) {
            backward.accept(upstream);
        }
    }

    void accumulate(float[] values, float scale) {
        if (grad != null) {
            for (int i = 0; i < values.length; i++) {
                grad.data[i] += values[i] * scale;
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
        return data.clone();
    }

    @Override
    public void copyFrom(float[] values) {
        if (values.length != data.length) {
            throw new IllegalArgumentException("size mismatch");
        }
        System.arraycopy(values, 0, data, 0, data.length);
    }

    @Override
    public Tensor requireGrad() {
        requiresGrad = true;
        if (grad == null) {
            grad = new HostTensor(new float[data.length], shape, null);
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
            java.util.Arrays.fill(grad.data, 0f);
        }
    }

    @Override
    public Tensor detach() {
        return new HostTensor(data, shape, null);
    }

    @Override
    public void close() {
    }
}
