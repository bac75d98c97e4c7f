package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.conformance.fixtures.Fixture;
import dev.cgan.conformance.fixtures.SpecObject;
import java.util.List;

/**
 * An optimizer on one parameter: {@code steps} updates, each from the fixture's gradient for that step, then the
 * parameter and the optimizer's state.
 */
final class OptimizerCase implements CaseExecutor {

    @Override
    public Observations execute(ComputeContext context, Fixture fixture) {
        OptimizerSpec spec = optimizer(fixture.spec().object("optimizer"));
        int steps = fixture.spec().integer("steps");
        Tensor param = FixtureTensors.input(context, fixture, "param").requireGrad();
        Optimizer optimizer = context.optimizer(spec, List.of(param));

        for (int k = 0; k < steps; k++) {
            Tensor grad = FixtureTensors.input(context, fixture, "grad." + k);
            optimizer.zeroGrad();
            // The API has no gradient setter; d(sum(param * g))/d(param) is exactly g, placed by the backend's own
            // autograd as a training loop would.
            try (GradientTape tape = context.record()) {
                tape.backward(context.ops().dot(param, grad));
            }
            optimizer.step();
        }

        Observations results = new Observations();
        results.put("expected.param", param);
        optimizer.state(0).forEach((name, value) -> results.put("expected.state." + name, value));
        return results;
    }

    static OptimizerSpec optimizer(SpecObject s) {
        String type = s.string("type");
        return switch (type) {
            case "adam" -> new OptimizerSpec.Adam(s.number("lr"), s.number("beta1"), s.number("beta2"),
                    s.number("eps"));
            case "sgd" -> new OptimizerSpec.Sgd(s.number("lr"), s.number("momentum"));
            default -> throw new IllegalArgumentException(s.what() + ": unknown optimizer '" + type + "'");
        };
    }
}
