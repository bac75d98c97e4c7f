package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.ConditionalLayer;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.conformance.fixtures.Fixture;

/**
 * A single layer: forward from the fixture's parameters, buffers and input (and, for a conditional layer, its
 * {@code labels}), then the gradients of {@code sum(output * grad_output)} with respect to the input and every
 * parameter, and the buffers afterwards.
 */
final class LayerCase implements CaseExecutor {

    @Override
    public Observations execute(ComputeContext context, Fixture fixture) {
        boolean training = fixture.spec().bool("training");
        Layer layer = context.layer(LayerSpecs.fromJson(fixture.spec().object("layer")));
        FixtureTensors.load(layer.parameters(), fixture, "param.");
        FixtureTensors.load(layer.buffers(), fixture, "buffer.");
        Tensor input = FixtureTensors.input(context, fixture, "input").requireGrad();
        Tensor gradOutput = FixtureTensors.input(context, fixture, "grad_output");

        Observations results = new Observations();
        try (GradientTape tape = context.record()) {
            Tensor output = fixture.has("labels")
                    ? ((ConditionalLayer) layer).forward(input, FixtureTensors.input(context, fixture, "labels"),
                            training)
                    : layer.forward(input, training);
            results.put("expected.output", output);
            // d(sum(output * g))/d(output) = g: the fixture's upstream gradient enters through the API's own op.
            tape.backward(context.ops().dot(output, gradOutput));
        }
        results.put("expected.grad.input", input.grad());
        layer.parameters().forEach((name, p) -> results.put("expected.grad." + name, p.grad()));
        layer.buffers().forEach((name, b) -> results.put("expected.buffer." + name, b));
        return results;
    }
}
