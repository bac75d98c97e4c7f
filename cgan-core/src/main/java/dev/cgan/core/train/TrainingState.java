package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.checkpoint.StateDict;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.data.Batch;
import dev.cgan.core.data.BatchSampler;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.init.ModelNoise;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.safetensors.StoredTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands: its networks, the positions of its batch and noise streams, and the iterations done. This is
 * what a checkpoint captures ({@link #snapshot()}) and what a resume puts back ({@link #restore}), so that the
 * following iterations are exactly those an uninterrupted run would have done.
 */
final class TrainingState {

    private final ComputeContext context;
    private final TrainingConfig config;
    private final ModelSpec model;
    private final Dataset dataset;
    private final CganNetworks networks;
    private final BatchSampler sampler;
    private final SeededRandom noiseRandom;
    private final SeededRandom augmentRandom;
    private final DiffAugment augment;
    private final GeneratorAverage average;
    private final long totalIterations;
    private final Collective collective;
    private long iteration;

    /** @param average the moving average of the generator, or null for a run without one */
    TrainingState(ComputeContext context, TrainingConfig config, ModelSpec model, Dataset dataset,
                  CganNetworks networks, GeneratorAverage average, BatchSampler sampler, SeededRandom noiseRandom,
                  SeededRandom augmentRandom, Collective collective) {
        this.collective = collective;
        this.context = context;
        this.config = config;
        this.model = model;
        this.dataset = dataset;
        this.networks = networks;
        this.average = average;
        this.sampler = sampler;
        this.noiseRandom = noiseRandom;
        this.augmentRandom = augmentRandom;
        this.augment = new DiffAugment(config.diffAugment(), augmentRandom);
        this.totalIterations = config.steps() > 0 ? config.steps()
                : (long) config.epochs() * sampler.batchesPerEpoch();
    }

    TrainingConfig config() {
        return config;
    }

    Dataset dataset() {
        return dataset;
    }

    /** Iterations completed (including those before a resume). */
    long iteration() {
        return iteration;
    }

    /** The iteration the run stops after. */
    long totalIterations() {
        return totalIterations;
    }

    /** What listeners are told of a run that starts (or resumes) at {@code firstIteration}. */
    RunInfo runInfo(long firstIteration) {
        return new RunInfo(context.backend().name(), context.device().id(), model, dataset.description(),
                dataset.classNames(), dataset.size(), sampler.batchesPerEpoch(), firstIteration, totalIterations,
                config);
    }

    /** The next batch of the data stream. */
    Batch nextBatch() {
        return sampler.next();
    }

    /** The generator's noise for a batch of {@code rows}, from the noise stream. */
    float[] nextNoise(int rows) {
        float[] noise = new float[rows * model.zDim()];
        ModelNoise.fill(model, noise, noiseRandom);
        return noise;
    }

    /**
     * Trains on one global batch; the iteration counts only once {@link #advance()} says it succeeded. In a
     * data-parallel run this rank trains on its share: the {@code rank}-th of {@code worldSize} equal consecutive
     * slices of the batch, of its noise and of its DiffAugment parameters (drawn here, for the global batch), so the
     * ranks together see exactly what one process would.
     */
    StepLosses train(Batch batch, float[] noise) {
        DiffAugment.Iteration augmentation = augment.next(batch.size(), model.imageSize(), model.imageSize());
        int world = collective.worldSize();
        if (world == 1) {
            return networks.train(batch, noise, augmentation);
        }
        int share = batch.size() / world;
        int from = collective.rank() * share;
        int imageLength = batch.images().length / batch.size();
        int zDim = noise.length / batch.size();
        Batch mine = new Batch(
                Arrays.copyOfRange(batch.images(), from * imageLength, (from + share) * imageLength),
                Arrays.copyOfRange(batch.labels(), from, from + share), batch.epoch());
        return networks.train(mine, Arrays.copyOfRange(noise, from * zDim, (from + share) * zDim),
                augmentation.slice(from, from + share));
    }

    /** One more iteration done: the generator's moving average, if any, takes in its new weights. */
    void advance() {
        iteration++;
        if (average != null) {
            average.update(iteration);
        }
    }

    /** The checkpoint contents for the current iteration, on the host. */
    TrainingSnapshot snapshot() {
        CheckpointInfo info = new CheckpointInfo(iteration, config, dataset.classNames(), dataset.size(),
                dataset.description(), noiseRandom.state(), sampler.state(), networks.layerRandomStates(),
                augmentRandom.state());
        Map<String, StoredTensor> tensors = new LinkedHashMap<>(StateDict.capture(networks.trained(iteration)));
        if (average != null) {
            tensors.putAll(average.tensors(iteration * CganStep.GENERATOR_PASSES_PER_ITERATION));
        }
        return new TrainingSnapshot(info, tensors);
    }

    /**
     * Loads a checkpoint's weights, buffers, optimizer state, moving average and stream positions; its settings must
     * have been checked against this run's ({@link ResumeCheck}), so it holds an average exactly when this run keeps
     * one.
     *
     * @param source names the file in messages
     * @throws dev.cgan.core.checkpoint.CheckpointException if the tensors or layer streams do not fit the model
     */
    void restore(TrainingSnapshot snapshot, String source) {
        CheckpointInfo info = snapshot.info();
        Map<String, StoredTensor> trained = new LinkedHashMap<>(snapshot.tensors());
        if (average != null) {
            // Checked first, so that a checkpoint without the average leaves the networks untouched.
            average.restore(snapshot.tensors(), source);
            trained.keySet().removeIf(name -> name.startsWith(StateDict.EMA_PREFIX));
        }
        StateDict.restore(trained, networks.trained(iteration), source);
        sampler.restore(info.sampler());
        noiseRandom.restore(info.noiseRandomState());
        if (config.diffAugment().isOn()) {
            augmentRandom.restore(info.augmentRandomState());
        }
        networks.restoreLayerRandomStates(info.layerRandomStates(), source);
        iteration = info.iteration();
    }
}
