package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.conformance.fixtures.Fixture;
import dev.cgan.conformance.fixtures.SpecObject;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.train.CganStep;
import dev.cgan.core.train.StepLosses;
import java.util.List;

/**
 * Several iterations of cgan-core's own training step ({@link CganStep}) from the fixture's initial weights and
 * batches: the losses and mean discriminator outputs of every step, then every weight and running statistic.
 * This checks the training loop and the backend together, as a user's run would use them.
 */
final class TrajectoryCase implements CaseExecutor {

    @Override
    public Observations execute(ComputeContext context, Fixture fixture) {
        SpecObject spec = fixture.spec();
        ModelSpec model = ModelCase.model(spec);
        OptimizerSpec adam = OptimizerCase.optimizer(spec.object("optimizer"));
        int steps = spec.integer("steps");

        Generator generator = new Generator(context, model);
        Discriminator discriminator = new Discriminator(context, model);
        ModelCase.loadState(generator.network(), fixture, "init.", "init.");
        ModelCase.loadState(discriminator.network(), fixture, "init.", "init.");
        Optimizer gOptimizer = context.optimizer(adam, List.copyOf(generator.network().parameters().values()));
        Optimizer dOptimizer = context.optimizer(adam, List.copyOf(discriminator.network().parameters().values()));
        CganStep step = new CganStep(context, generator, discriminator, gOptimizer, dOptimizer);

        Observations results = new Observations();
        for (int t = 0; t < steps; t++) {
            try (TensorScope batch = context.scope()) {
                Tensor real = FixtureTensors.input(context, fixture, "step" + t + ".real");
                Tensor labels = FixtureTensors.input(context, fixture, "step" + t + ".labels");
                Tensor noise = FixtureTensors.input(context, fixture, "step" + t + ".noise");
                StepLosses losses = step.run(real, labels, noise);
                // Each step's figures are compared twice: with the float64 reference and with real PyTorch's own
                // float32 run of the same steps (FIXTURES.md, kind trajectory).
                for (String prefix : List.of("expected.step" + t + ".", "expected.pytorch_float32.step" + t + ".")) {
                    results.put(prefix + "loss_d", losses.lossD());
                    results.put(prefix + "loss_g", losses.lossG());
                    results.put(prefix + "d_real", losses.dReal());
                    results.put(prefix + "d_fake", losses.dFake());
                }
            }
        }
        generator.network().state().forEach((name, t) -> results.put("expected.final." + name, t));
        discriminator.network().state().forEach((name, t) -> results.put("expected.final." + name, t));
        return results;
    }
}
