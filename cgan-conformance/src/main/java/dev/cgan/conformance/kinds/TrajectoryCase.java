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
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.train.CganStep;
import dev.cgan.core.train.GanLoss;
import dev.cgan.core.train.StepLosses;
import java.util.List;
import java.util.Map;

/**
 * Several iterations of cgan-core's own training step ({@link CganStep}) from the fixture's initial weights and
 * batches: the losses and mean discriminator outputs of every step, then every weight and running statistic, each
 * parameter's change over the steps and the optimizers' final state. This checks the training loop and the backend
 * together, as a user's run would use them.
 *
 * <p>Why the change and the state: single final weights may differ between two correct float32 runs by about
 * twice what the steps can move them (FIXTURES.md, kind trajectory), so a weight never updated, updated at half the
 * rate, or once too few would still be within their tolerance; the change and Adam's moments, compared tensor by
 * tensor as a whole, are not.
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
        // The spec's loss ("bce", the seed's, when absent).
        GanLoss loss = spec.has("loss") ? GanLoss.parse(spec.string("loss")) : GanLoss.BCE;
        CganStep step = new CganStep(context, generator, discriminator, gOptimizer, dOptimizer, Collective.single(),
                loss);

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
        recordOptimizer(results, fixture, generator.network().parameters(), gOptimizer);
        recordOptimizer(results, fixture, discriminator.network().parameters(), dOptimizer);
        return results;
    }

    /**
     * Each parameter's change from its initial value ({@code expected.change.<name>}) and the optimizer's state for
     * it ({@code expected.optimizer.<state>.<name>}); the optimizer was built on {@code parameters} in their order.
     */
    private static void recordOptimizer(Observations results, Fixture fixture, Map<String, Tensor> parameters,
                                        Optimizer optimizer) {
        int index = 0;
        for (var e : parameters.entrySet()) {
            String name = e.getKey();
            float[] now = e.getValue().toFloatArray();
            float[] initial = fixture.floats("init." + name);
            float[] change = new float[now.length];
            for (int k = 0; k < now.length && k < initial.length; k++) {
                change[k] = now[k] - initial[k];
            }
            results.put("expected.change." + name, e.getValue().shape(), change);
            optimizer.state(index).forEach((state, t) -> results.put("expected.optimizer." + state + "." + name, t));
            index++;
        }
    }
}
