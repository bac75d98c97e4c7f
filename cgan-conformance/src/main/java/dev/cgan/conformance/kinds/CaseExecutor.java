package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.conformance.fixtures.Fixture;

/** Runs one kind of case on a backend and records what it produced. */
public sealed interface CaseExecutor permits LayerCase, LossCase, OptimizerCase, ModelCase, TrajectoryCase,
        TensorOpCase {

    /**
     * Runs the case. Temporaries belong to the caller's scope; results are copied to the host before returning.
     *
     * @throws UnsupportedOperationException when the backend cannot run something the case needs
     */
    Observations execute(ComputeContext context, Fixture fixture);

    /**
     * The executor for a fixture's {@code kind}.
     *
     * @throws IllegalArgumentException for an unknown kind
     */
    static CaseExecutor forKind(String kind) {
        return switch (kind) {
            case "layer" -> new LayerCase();
            case "loss" -> new LossCase();
            case "optimizer" -> new OptimizerCase();
            case "model" -> new ModelCase();
            case "trajectory" -> new TrajectoryCase();
            case "tensorop" -> new TensorOpCase();
            default -> throw new IllegalArgumentException("unknown case kind '" + kind
                    + "' (known: layer, loss, optimizer, model, trajectory, tensorop)");
        };
    }
}
