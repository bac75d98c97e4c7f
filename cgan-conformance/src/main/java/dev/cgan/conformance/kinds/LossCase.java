package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.conformance.fixtures.Fixture;

/** A loss function: the mean loss of {@code input} against {@code target}, and its gradient for the input. */
final class LossCase implements CaseExecutor {

    @Override
    public Observations execute(ComputeContext context, Fixture fixture) {
        String name = fixture.spec().string("loss");
        LossSpec spec = switch (name) {
            case "bce" -> new LossSpec.BinaryCrossEntropy();
            case "bce_with_logits" -> new LossSpec.BinaryCrossEntropyWithLogits();
            case "cross_entropy" -> new LossSpec.CrossEntropy();
            case "hinge_discriminator" -> LossSpec.Hinge.discriminator();
            case "hinge_generator" -> LossSpec.Hinge.generator();
            default -> throw new IllegalArgumentException(fixture.name() + ": unknown loss '" + name + "'");
        };
        Loss loss = context.loss(spec);
        Tensor input = FixtureTensors.input(context, fixture, "input").requireGrad();
        Tensor target = FixtureTensors.input(context, fixture, "target");

        Observations results = new Observations();
        try (GradientTape tape = context.record()) {
            Tensor value = loss.compute(input, target);
            results.put("expected.output", value);
            tape.backward(value);
        }
        results.put("expected.grad.input", input.grad());
        return results;
    }
}
