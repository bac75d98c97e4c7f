package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.TrainedNetwork;
import dev.cgan.core.data.Batch;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.parallel.Collective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two networks of a run on one backend, DCGAN-initialised, each with its own optimizer, and the {@link CganStep}
 * that trains them on a host batch. Also what a checkpoint needs of them: their tensors with optimizer state and
 * BatchNorm counters, and the positions of their layers' own random streams (the Dropout masks).
 */
final class CganNetworks {

    private final ComputeContext context;
    private final ModelSpec model;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final CganStep step;

    /** Builds both networks, initialises the generator then the discriminator from {@code init}, then the optimizers. */
    CganNetworks(ComputeContext context, ModelSpec model, OptimizerSpec optimizer, SeededRandom init,
                 Collective collective, GanLoss loss) {
        this.context = context;
        this.model = model;
        this.generator = new Generator(context, model);
        this.discriminator = new Discriminator(context, model);
        DcganInit.apply(generator.network(), init);
        DcganInit.apply(discriminator.network(), init);
        this.generatorOptimizer = context.optimizer(optimizer,
                List.copyOf(generator.network().parameters().values()));
        this.discriminatorOptimizer = context.optimizer(optimizer,
                List.copyOf(discriminator.network().parameters().values()));
        this.step = new CganStep(context, generator, discriminator, generatorOptimizer, discriminatorOptimizer,
                collective, loss);
    }

    /**
     * Gives every rank rank 0's weights and buffers (one broadcast per network). The seed already makes them equal;
     * this keeps a data-parallel run sound even if a rank's initialisation or resumed state differed.
     */
    void broadcastFromLeader(Collective collective) {
        if (collective.worldSize() == 1) {
            return;
        }
        broadcast(collective, generator.network().state().values());
        broadcast(collective, discriminator.network().state().values());
    }

    private static void broadcast(Collective collective, java.util.Collection<Tensor> tensors) {
        int total = 0;
        for (Tensor t : tensors) {
            total += t.shape().sizeAsInt();
        }
        float[] flat = new float[total];
        int offset = 0;
        for (Tensor t : tensors) {
            float[] v = t.toFloatArray();
            System.arraycopy(v, 0, flat, offset, v.length);
            offset += v.length;
        }
        collective.broadcast(flat, 0);
        offset = 0;
        for (Tensor t : tensors) {
            float[] v = new float[t.shape().sizeAsInt()];
            System.arraycopy(flat, offset, v, 0, v.length);
            t.copyFrom(v);
            offset += v.length;
        }
    }

    Generator generator() {
        return generator;
    }

    Discriminator discriminator() {
        return discriminator;
    }

    /**
     * One CGAN iteration on a host batch, its noise ({@code batch.size() × zDim} values) and the DiffAugment
     * parameters of its images ({@link DiffAugment.Iteration#NONE} for none).
     */
    StepLosses train(Batch batch, float[] noise, DiffAugment.Iteration augmentation) {
        int n = batch.size();
        // CganStep has its own scope for its temporaries; this one frees the uploaded batch, so memory stays flat.
        try (TensorScope scope = context.scope()) {
            Tensor real = context.tensor(batch.images(),
                    Shape.of(n, model.channels(), model.imageSize(), model.imageSize()));
            Tensor labels = context.tensor(batch.oneHot(model.numClasses()), Shape.of(n, model.numClasses()));
            Tensor z = context.tensor(noise, Shape.of(n, model.zDim()));
            return step.run(real, labels, z, augmentation);
        }
    }

    /** Both networks with their optimizers and the BatchNorm forward passes of {@code iterations} iterations. */
    List<TrainedNetwork> trained(long iterations) {
        List<TrainedNetwork> out = new ArrayList<>();
        out.add(new TrainedNetwork(generator.network(), generatorOptimizer,
                iterations * CganStep.GENERATOR_PASSES_PER_ITERATION));
        out.add(new TrainedNetwork(discriminator.network(), discriminatorOptimizer,
                iterations * CganStep.DISCRIMINATOR_PASSES_PER_ITERATION));
        return out;
    }

    /** The positions of both networks' layer streams (the Dropout masks), by layer name. */
    Map<String, Long> layerRandomStates() {
        Map<String, Long> states = new LinkedHashMap<>(generator.network().randomStates());
        states.putAll(discriminator.network().randomStates());
        return states;
    }

    /**
     * Puts the layer streams at the recorded positions; a layer without a recorded position keeps its seed's.
     *
     * @throws CheckpointException if a recorded stream belongs to no layer of this model
     */
    void restoreLayerRandomStates(Map<String, Long> states, String source) {
        String g = generator.network().spec().prefix() + ".";
        Map<String, Long> ofGenerator = new LinkedHashMap<>();
        Map<String, Long> ofDiscriminator = new LinkedHashMap<>();
        states.forEach((name, state) -> (name.startsWith(g) ? ofGenerator : ofDiscriminator).put(name, state));
        try {
            generator.network().restoreRandomStates(ofGenerator);
            discriminator.network().restoreRandomStates(ofDiscriminator);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + " records random streams the model does not have ("
                    + e.getMessage() + "); the file is corrupt or from another model");
        }
    }
}
