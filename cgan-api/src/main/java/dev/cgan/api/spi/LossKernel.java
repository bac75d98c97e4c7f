package dev.cgan.api.spi;

/**
 * An engine's computation of one loss: the mean loss of {@code prediction} against {@code target} as a scalar tensor,
 * recorded on the tape with its gradient with respect to the prediction. The kit has checked both tensors (this
 * engine's, open) and their shapes before calling it.
 *
 * @param <T> the engine's tensor type
 */
@FunctionalInterface
public interface LossKernel<T extends EngineTensor> {

    T compute(T prediction, T target);
}
