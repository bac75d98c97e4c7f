package dev.cgan.api.layer;

import dev.cgan.api.tensor.Tensor;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A layer built by a backend from a {@link LayerSpec}, holding its parameters and buffers on the device.
 *
 * <p>{@link #forward(Tensor, boolean)} is differentiable while a {@link dev.cgan.api.autograd.GradientTape} records:
 * gradients reach the input (if it requires them, or is itself a result of recorded operations) and the parameters.
 */
public interface Layer {

    /** What this layer computes. */
    LayerSpec spec();

    /**
     * Applies the layer. {@code training} matters for BatchNorm (batch statistics and a running-statistics update
     * when true, running statistics when false) and Dropout (a mask when true, the identity when false).
     */
    Tensor forward(Tensor input, boolean training);

    /**
     * Trainable parameters by their PyTorch names ({@code weight}, {@code bias}), in {@code state_dict} order; the
     * same tensors every call, updated in place by optimizers.
     */
    Map<String, Tensor> parameters();

    /** Buffers by their PyTorch names ({@code running_mean}, {@code running_var}), in {@code state_dict} order. */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /**
     * The position of the layer's own random stream, for checkpoints; empty for a layer without randomness (the
     * default: every layer but {@link Dropout}). A layer that has one reports its whole position in one {@code long}
     * (for Dropout, {@link DropoutMask#state()}), so that {@link #restoreRandomState(long)} with it on a layer of the
     * same spec makes the following training-mode forwards draw exactly what this layer's would.
     */
    default OptionalLong randomState() {
        return OptionalLong.empty();
    }

    /**
     * Moves the layer's random stream to a position read with {@link #randomState()}.
     *
     * @throws UnsupportedOperationException for a layer without randomness (the default), whose
     *                                       {@link #randomState()} is empty
     */
    default void restoreRandomState(long state) {
        throw new UnsupportedOperationException(spec() + " has no random state to restore");
    }
}
