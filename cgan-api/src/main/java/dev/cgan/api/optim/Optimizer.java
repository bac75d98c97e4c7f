package dev.cgan.api.optim;

import dev.cgan.api.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An optimizer built by a backend from an {@link OptimizerSpec}, updating its parameters in place from their
 * accumulated gradients.
 */
public interface Optimizer {

    /** What this optimizer does. */
    OptimizerSpec spec();

    /** The parameters, in the order given at creation. */
    List<Tensor> parameters();

    /** Zeroes the gradients of all parameters (PyTorch's {@code zero_grad}). */
    void zeroGrad();

    /** Applies one update to every parameter from its current gradient, and counts the step. */
    void step();

    /** The number of steps taken so far (PyTorch's {@code step} state). */
    long steps();

    /** Sets the step count (when resuming from a checkpoint). */
    void setSteps(long steps);

    /**
     * The state of parameter {@code index} by PyTorch's names ({@code exp_avg}, {@code exp_avg_sq};
     * {@code momentum_buffer}), each shaped like the parameter. The tensors are live: read them to save a
     * checkpoint, {@link Tensor#copyFrom(float[]) copy into} them to resume.
     */
    Map<String, Tensor> state(int index);
}
