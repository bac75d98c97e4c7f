package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.parallel.Collective;

/**
 * One CGAN training iteration in the seed's (and PyTorch's usual) order, here with the BCE loss (the
 * {@link GanLoss#HINGE} loss has the same structure with its own terms):
 * <ol>
 *   <li>D step: {@code zero_grad}; BCE(D(x|y), 1) on the real batch plus BCE(D(G(z|y).detach()|y), 0) on a fake
 *       batch with the gradient cut; one backward; Adam step on D.</li>
 *   <li>G step: {@code zero_grad}; BCE(D(G(z|y)|y), 1), reusing the same fake batch (now through G), with D's
 *       parameters frozen ({@link Tensor#requireGrad(boolean)}: D's weight gradients are not computed, as PyTorch's
 *       {@code set_requires_grad(netD, False)}); backward; Adam step on G.</li>
 * </ol>
 * Both networks run in training mode (BatchNorm with batch statistics), so D's running statistics are updated by each
 * of its three forward passes, exactly as in PyTorch. All temporaries live in one scope per iteration. With DiffAugment
 * ({@link DiffAugment}) each of the three batches goes through its own augmentation before D, the fake one of the G
 * step differentiably, so G's gradient flows through it.
 */
public final class CganStep {

    /** Training-mode forward passes of the generator per iteration (its BatchNorm {@code num_batches_tracked}). */
    public static final int GENERATOR_PASSES_PER_ITERATION = 1;

    /** Training-mode forward passes of the discriminator per iteration: real, detached fake, fake for G. */
    public static final int DISCRIMINATOR_PASSES_PER_ITERATION = 3;

    private final ComputeContext context;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final AdversarialLoss loss;
    private final TensorOps ops;
    private final Collective collective;
    private final GradientAverager generatorGradients;
    private final GradientAverager discriminatorGradients;

    public CganStep(ComputeContext context, Generator generator, Discriminator discriminator,
                    Optimizer generatorOptimizer, Optimizer discriminatorOptimizer) {
        this(context, generator, discriminator, generatorOptimizer, discriminatorOptimizer, Collective.single());
    }

    /** A step with the model's default loss ({@link GanLoss#defaultFor}) on {@code collective}'s ranks. */
    public CganStep(ComputeContext context, Generator generator, Discriminator discriminator,
                    Optimizer generatorOptimizer, Optimizer discriminatorOptimizer, Collective collective) {
        this(context, generator, discriminator, generatorOptimizer, discriminatorOptimizer, collective,
                GanLoss.defaultFor(discriminator.model()));
    }

    /**
     * A step of one rank of a data-parallel run: before each optimizer step the network's gradients are averaged over
     * the ranks of {@code collective} (one all-reduce per network), and the losses returned are the means over the
     * ranks, so that every rank sees those of the global batch. {@code loss} is the adversarial loss.
     *
     * @throws IllegalArgumentException for {@link GanLoss#HINGE} on a discriminator that outputs probabilities
     */
    public CganStep(ComputeContext context, Generator generator, Discriminator discriminator,
                    Optimizer generatorOptimizer, Optimizer discriminatorOptimizer, Collective collective,
                    GanLoss loss) {
        this.collective = collective;
        this.generatorGradients = new GradientAverager(collective, generatorOptimizer.parameters());
        this.discriminatorGradients = new GradientAverager(collective, discriminatorOptimizer.parameters());
        this.context = context;
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.loss = AdversarialLoss.of(loss, context, discriminator.model().discriminatorOutputsProbability());
        this.ops = context.ops();
    }

    /**
     * Runs one iteration on a batch.
     *
     * @param real   real images {@code [N, channels, size, size]} in [-1, 1]
     * @param labels one-hot labels {@code [N, numClasses]} (shared by the real and the fake batch)
     * @param noise  noise {@code [N, zDim]}
     */
    public StepLosses run(Tensor real, Tensor labels, Tensor noise) {
        return run(real, labels, noise, DiffAugment.Iteration.NONE);
    }

    /** Runs one iteration with DiffAugment: D sees each batch through {@code augment}'s draw for it. */
    public StepLosses run(Tensor real, Tensor labels, Tensor noise, DiffAugment.Iteration augment) {
        try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
            discriminatorOptimizer.zeroGrad();
            Tensor dReal = discriminator.forward(augment.real().apply(ops, real), labels, true);
            Tensor fake = generator.forward(noise, labels, true);
            Tensor dFake = discriminator.forward(augment.fake().apply(ops, fake.detach()), labels, true);
            Tensor lossD = loss.discriminator(dReal, dFake);
            tape.backward(lossD);
            discriminatorGradients.average();
            discriminatorOptimizer.step();

            generatorOptimizer.zeroGrad();
            // D's parameters are frozen for G's step: its loss runs through D, but only G is updated, so nothing
            // computes D's weight gradients there (PyTorch's set_requires_grad(netD, False)); the same numbers.
            Tensor lossG;
            freeze(discriminatorOptimizer, true);
            try {
                Tensor dOnFake = discriminator.forward(augment.fakeForGenerator().apply(ops, fake), labels, true);
                lossG = loss.generator(dOnFake);
                tape.backward(lossG);
            } finally {
                freeze(discriminatorOptimizer, false);
            }
            generatorGradients.average();
            generatorOptimizer.step();

            float[] losses = {lossD.item(), lossG.item(), ops.mean(dReal).item(), ops.mean(dFake).item()};
            // Each rank's losses are means over its share; the mean of the ranks' means is the global batch's.
            collective.allReduceMean(losses);
            return new StepLosses(losses[0], losses[1], losses[2], losses[3]);
        }
    }

    private static void freeze(Optimizer optimizer, boolean frozen) {
        for (Tensor p : optimizer.parameters()) {
            p.requireGrad(!frozen);
        }
    }
}
