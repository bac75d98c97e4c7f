package dev.cgan.api.autograd;

import dev.cgan.api.tensor.Tensor;

/**
 * Records the operations run on this thread while it is open, so that gradients can be computed.
 *
 * <p>Semantics are PyTorch's:
 * <ul>
 *   <li>{@link #backward(Tensor)} adds d(loss)/d(leaf) into the {@link Tensor#grad() gradient} of every leaf tensor
 *       that requires gradients and that {@code loss} depends on; gradients accumulate until zeroed.</li>
 *   <li>Gradients do not flow through {@link Tensor#detach()}.</li>
 *   <li>Several backward calls may be made on one tape, from different losses, provided each call goes through a
 *       part of the graph no earlier call has consumed — the GAN pattern: the discriminator's loss on a detached
 *       fake batch, then the generator's loss through the same (non-detached) fake batch.</li>
 * </ul>
 * Engines with their own autograd map the tape onto it (DJL: its gradient collector); engines without one keep a
 * tape of per-operation backward kernels.
 */
public interface GradientTape extends AutoCloseable {

    /**
     * Back-propagates from a scalar {@code loss}.
     *
     * @throws IllegalArgumentException if {@code loss} is not of size 1
     */
    void backward(Tensor loss);

    /** Stops recording and releases what was kept for backward. */
    @Override
    void close();
}
