package dev.cgan.api;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.api.tensor.TensorScope;
import java.util.List;
import java.util.Map;

/**
 * A backend opened on one device: the factory for everything that holds native memory, and its owner.
 *
 * <p>Every tensor, layer, optimizer and tape created through a context belongs to it; {@link #close()} frees them all.
 * A context is used from one thread at a time (the thread that records gradients must be the thread that runs the
 * forward pass).
 *
 * <h2>Lifetimes</h2>
 * Tensors created while a {@link TensorScope} is open are freed when it closes (unless kept); tensors created outside
 * any scope, layer parameters and buffers, and optimizer state live until the context closes. Training code opens one
 * scope per iteration so memory stays flat.
 */
public interface ComputeContext extends AutoCloseable {

    /** The backend this context belongs to. */
    Backend backend();

    /** The device this context computes on. */
    Device device();

    /** Creates a float32 tensor from row-major host values; {@code values.length} must equal the shape's size. */
    Tensor tensor(float[] values, Shape shape);

    /** Creates a float32 tensor of zeros. */
    Tensor zeros(Shape shape);

    /** The neutral tensor operations (differentiable while a tape records). */
    TensorOps ops();

    /**
     * Creates a layer from its spec, with parameters and buffers at PyTorch's defaults before initialisation
     * (weights and biases zero, BatchNorm gamma 1 and beta 0, running mean 0 and running variance 1); callers set
     * their values with {@link Tensor#copyFrom(float[])}. Parameters require gradients. For a spec that reads the
     * class labels ({@link LayerSpec#conditional()}: ConditionalBatchNorm2d, whose per-class gamma also starts at 1)
     * the layer is a {@link dev.cgan.api.layer.ConditionalLayer}.
     *
     * @throws UnsupportedOperationException if this backend cannot run the layer (the message names backend and layer)
     */
    Layer layer(LayerSpec spec);

    /**
     * Applies {@code layers} in order to {@code input}, each to the previous one's output, as calling their
     * {@link Layer#forward} one by one does: the same output, gradients and running statistics, within float rounding.
     * An engine may run two neighbouring layers as one kernel where its library fuses them (a convolution with the
     * activation after it, batch normalisation with a ReLU); networks call this for each run of plain layers, so that
     * every engine's fusions apply without the network knowing them. The default calls each layer in turn.
     *
     * @throws IllegalArgumentException if an input shape does not fit a layer, as {@link Layer#forward} does
     */
    default Tensor forward(List<? extends Layer> layers, Tensor input, boolean training) {
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x, training);
        }
        return x;
    }

    /** Creates a loss function. */
    Loss loss(LossSpec spec);

    /** Creates an optimizer over {@code parameters} (tensors that require gradients, updated in place). */
    Optimizer optimizer(OptimizerSpec spec, List<Tensor> parameters);

    /**
     * Starts recording operations for differentiation; see {@link GradientTape}. At most one tape may be open per
     * context at a time.
     *
     * @throws IllegalStateException if a tape is already open
     */
    GradientTape record();

    /** Opens a memory scope for the current thread; see {@link TensorScope}. Scopes nest. */
    TensorScope scope();

    /**
     * Waits until every queued operation has finished (asynchronous engines); a no-op on synchronous ones. Timing code
     * calls it before reading the clock.
     */
    default void synchronize() {
    }

    /**
     * How this context computes, as facts its engine chose when it opened (for example which convolution kernel a
     * start-up self-check admitted), for logs, reports and benchmarks that must run the same kernels. Keys and values
     * are the engine's own and documented by its backend class; results never depend on them. Empty by default.
     */
    default Map<String, String> diagnostics() {
        return Map.of();
    }

    /** Frees every native resource this context created. Idempotent. */
    @Override
    void close();
}
