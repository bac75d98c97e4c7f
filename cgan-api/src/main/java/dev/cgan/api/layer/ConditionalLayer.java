package dev.cgan.api.layer;

import dev.cgan.api.tensor.Tensor;

/**
 * A layer that reads the class labels besides its input, such as {@link ConditionalBatchNorm2d}: what
 * {@link dev.cgan.api.ComputeContext#layer} returns for a spec whose {@link LayerSpec#conditional()} is true. Its
 * one-input {@link #forward(Tensor, boolean)} throws {@link IllegalArgumentException} (it cannot run without labels).
 */
public interface ConditionalLayer extends Layer {

    /**
     * Applies the layer to {@code input} for the classes in {@code labels}, one-hot rows {@code [N, classes]} with the
     * input's batch size {@code N} (soft rows mix the classes' parameters linearly). Differentiable while a tape
     * records: gradients reach the input, the parameters and, if they need one, the labels.
     */
    Tensor forward(Tensor input, Tensor labels, boolean training);
}
