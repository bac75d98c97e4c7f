package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.conformance.fixtures.Fixture;
import dev.cgan.conformance.fixtures.SpecObject;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.Network;
import java.util.function.BiFunction;

/**
 * A whole generator or discriminator of the model catalog, built by cgan-core on the backend, with the fixture's
 * weights under their PyTorch {@code state_dict} names: output, gradients of {@code sum(output * grad_output)} for
 * the input and every parameter, and the running statistics after the call.
 */
final class ModelCase implements CaseExecutor {

    @Override
    public Observations execute(ComputeContext context, Fixture fixture) {
        SpecObject spec = fixture.spec();
        ModelSpec model = model(spec);
        boolean training = spec.bool("training");
        String part = spec.string("part");
        Tensor labels = FixtureTensors.input(context, fixture, "input.labels");
        Tensor gradOutput = FixtureTensors.input(context, fixture, "grad_output");

        Observations results = new Observations();
        // The two parts differ only in which network runs and which input receives the gradient.
        Network network;
        String inputName;
        BiFunction<Tensor, Tensor, Tensor> forward;
        switch (part) {
            case "generator" -> {
                Generator generator = new Generator(context, model);
                network = generator.network();
                inputName = "input.z";
                forward = (z, y) -> generator.forward(z, y, training);
            }
            case "discriminator" -> {
                Discriminator discriminator = new Discriminator(context, model);
                network = discriminator.network();
                inputName = "input.image";
                forward = (image, y) -> discriminator.forward(image, y, training);
            }
            default -> throw new IllegalArgumentException(fixture.name() + ": unknown part '" + part + "'");
        }
        loadState(network, fixture, "param.", "buffer.");
        Tensor input = FixtureTensors.input(context, fixture, inputName).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor output = forward.apply(input, labels);
            results.put("expected.output", output);
            tape.backward(context.ops().dot(output, gradOutput));
        }
        results.put("expected.grad." + inputName, input.grad());
        network.parameters().forEach((name, p) -> results.put("expected.grad." + name, p.grad()));
        network.buffers().forEach((name, b) -> results.put("expected.buffer." + name, b));
        return results;
    }

    /** The catalog model a spec names, checked against the spec's noise size (the catalog fixes it). */
    static ModelSpec model(SpecObject spec) {
        ModelSpec model = ModelCatalog.byName(spec.string("model"), spec.integer("num_classes"),
                spec.integer("channels"));
        if (spec.integer("z_dim") != model.zDim()) {
            throw new IllegalArgumentException(spec.what() + ": z_dim " + spec.integer("z_dim") + " but "
                    + model.name() + " has " + model.zDim());
        }
        return model;
    }

    /** Parameters from {@code paramPrefix + state_dict name}, running statistics from {@code bufferPrefix + ...}. */
    static void loadState(Network network, Fixture fixture, String paramPrefix, String bufferPrefix) {
        FixtureTensors.load(network.parameters(), fixture, paramPrefix);
        FixtureTensors.load(network.buffers(), fixture, bufferPrefix);
    }
}
