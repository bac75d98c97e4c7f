package dev.cgan.api.spi;

import java.util.List;

/**
 * An engine's in-place update of one parameter by one optimizer, from the parameter's accumulated gradient. The kit's
 * {@link EngineOptimizer} owns the step count and the state tensors, and calls it only for parameters that have a
 * gradient (PyTorch skips {@code grad is None}).
 *
 * @param <T> the engine's tensor type
 */
public interface UpdateRule<T extends EngineTensor> {

    /**
     * Updates {@code parameter} in place at step {@code step} (counted from 1).
     *
     * @param state the parameter's state tensors, in the order of the spec's
     *              {@link dev.cgan.api.optim.OptimizerSpec#stateNames()} (Adam: {@code exp_avg}, {@code exp_avg_sq};
     *              SGD: {@code momentum_buffer}), zero before the first step
     */
    void update(T parameter, List<T> state, long step);

    /**
     * Runs one optimizer step's updates ({@code updates} calls {@link #update} for each parameter); an engine that must
     * turn recording off or open a memory region around them overrides it.
     */
    default void aroundStep(Runnable updates) {
        updates.run();
    }
}
