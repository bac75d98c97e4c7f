package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.conformance.fixtures.Fixture;

/**
 * One DiffAugment policy ({@code TensorOps.augmentColor}, {@code augmentTranslation}, {@code augmentCutout}) with the
 * fixture's per-sample parameters ({@code augment.*}, integers stored as exact floats): the output, then the input's
 * gradient of {@code sum(output * grad_output)}.
 */
final class AugmentCase implements CaseExecutor {

    @Override
    public Observations execute(ComputeContext context, Fixture fixture) {
        String policy = fixture.spec().string("policy");
        TensorOps ops = context.ops();
        Tensor input = FixtureTensors.input(context, fixture, "input").requireGrad();
        Tensor gradOutput = FixtureTensors.input(context, fixture, "grad_output");

        Observations results = new Observations();
        try (GradientTape tape = context.record()) {
            Tensor output = switch (policy) {
                case "color" -> ops.augmentColor(input, fixture.floats("augment.brightness"),
                        fixture.floats("augment.saturation"), fixture.floats("augment.contrast"));
                case "translation" -> ops.augmentTranslation(input, integers(fixture, "augment.rows"),
                        integers(fixture, "augment.cols"));
                case "cutout" -> ops.augmentCutout(input, integers(fixture, "augment.top"),
                        integers(fixture, "augment.left"), fixture.spec().integer("height"),
                        fixture.spec().integer("width"));
                default -> throw new IllegalArgumentException(fixture.name() + ": unknown policy '" + policy
                        + "' (known: color, translation, cutout)");
            };
            results.put("expected.output", output);
            tape.backward(ops.dot(output, gradOutput));
        }
        results.put("expected.grad.input", input.grad());
        return results;
    }

    private static int[] integers(Fixture fixture, String name) {
        float[] values = fixture.floats(name);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
            if (out[i] != values[i]) {
                throw new IllegalArgumentException(fixture.name() + ": " + name + " must hold integers, got "
                        + values[i]);
            }
        }
        return out;
    }
}
