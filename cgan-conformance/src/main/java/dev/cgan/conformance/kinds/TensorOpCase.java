package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.conformance.fixtures.Fixture;

/**
 * One of {@link TensorOps}' operations ({@code spec.op}: {@code add}, {@code sumSpatial}, {@code rowDot}) on the
 * fixture's {@code input} (and {@code other} for a two-input operation), then the gradients of
 * {@code sum(output * grad_output)} with respect to each input.
 */
final class TensorOpCase implements CaseExecutor {

    @Override
    public Observations execute(ComputeContext context, Fixture fixture) {
        String op = fixture.spec().string("op");
        TensorOps ops = context.ops();
        Tensor a = FixtureTensors.input(context, fixture, "input").requireGrad();
        Tensor b = fixture.has("other") ? FixtureTensors.input(context, fixture, "other").requireGrad() : null;
        Tensor gradOutput = FixtureTensors.input(context, fixture, "grad_output");

        Observations results = new Observations();
        try (GradientTape tape = context.record()) {
            Tensor output = switch (op) {
                case "add" -> ops.add(a, b);
                case "sumSpatial" -> ops.sumSpatial(a);
                case "rowDot" -> ops.rowDot(a, b);
                default -> throw new IllegalArgumentException(fixture.name() + ": unknown tensor operation '" + op
                        + "'");
            };
            results.put("expected.output", output);
            tape.backward(ops.dot(output, gradOutput));
        }
        results.put("expected.grad.input", a.grad());
        if (b != null) {
            results.put("expected.grad.other", b.grad());
        }
        return results;
    }
}
