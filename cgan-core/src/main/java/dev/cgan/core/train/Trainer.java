package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.checkpoint.StateDict;
import dev.cgan.core.checkpoint.TrainedNetwork;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.data.Batch;
import dev.cgan.core.data.BatchSampler;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.ModelNoise;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.StoredTensor;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a whole CGAN training run on one backend: builds the model for the dataset's classes, initialises it, trains
 * it batch by batch with {@link CganStep}, and reports to {@link TrainingListener}s — samples, checkpoints, the end.
 *
 * <h2>Reproducibility</h2>
 * Everything random comes from one {@link SeededRandom} of {@link TrainingConfig#seed()}, forked in this fixed order
 * into independent streams: (1) the DCGAN initialisation of the generator, then the discriminator; (2) the batch
 * sampler's shuffles; (3) the generator's noise, {@code batchSize × zDim} values of the model's noise distribution
 * per iteration;
 * (4) the fixed sample noise. Streams (2) and (3) are checkpointed, so {@link #resume(Path)} continues with the very
 * batches and noise an uninterrupted run would have used; (1) and (4) are re-derived from the seed. The Dropout
 * layers' mask streams (see below) are checkpointed too, by layer name.
 *
 * <h2>Samples</h2>
 * The fixed noise is drawn once — {@code samplesPerClass} vectors per class, the same vectors for every class — so
 * grids from different iterations (and from a resumed run) are directly comparable. Samples are generated with the
 * generator in <em>training</em> mode (BatchNorm normalises with the statistics of the sample batch), as PyTorch's
 * DCGAN tutorial does: in evaluation mode the running statistics, which start at 0/1 and lag behind the quickly
 * changing early generator, give washed-out or saturated images for much of a short run. The generator's running
 * statistics are saved before and restored after sampling, so sampling leaves no trace in the training state. A
 * generator without BatchNorm (the paper's MLP) samples in evaluation mode: no dropout. Grids are in [-1, 1]
 * whatever the model's pixel range.
 *
 * <p>The paper's MLP draws its noise from U[0, 1) instead of N(0, 1) and trains on images in [0, 1]. Its dropout
 * masks come from streams owned by the layers ({@link dev.cgan.api.layer.Layer#randomState()}); a checkpoint holds
 * their positions, so MLP runs resume bit for bit like DCGAN runs. A checkpoint written before these positions were
 * recorded still resumes, with the masks drawn afresh from the layers' seeds.
 *
 * <h2>Stopping</h2>
 * A run ends when it has done {@link #totalIterations()} iterations ({@code completed}), when {@link #requestStop()}
 * was called ({@code interrupted}: the current iteration finishes, then final samples and a checkpoint are written),
 * or when a loss stops being a finite number ({@code diverged: ...}: nothing more is written, the last good checkpoint
 * stays, and the message suggests a lower learning rate).
 *
 * <p>Checkpoints go to {@code <out>/checkpoint/} (see {@link CheckpointStore}); with {@code out} null none are
 * written. A trainer is used from one thread, except {@link #requestStop()}, which any thread may call.
 */
public final class Trainer {

    /** Training-mode forward passes of the generator per iteration (its BatchNorm {@code num_batches_tracked}). */
    public static final int GENERATOR_PASSES_PER_ITERATION = 1;

    /** Training-mode forward passes of the discriminator per iteration: real, detached fake, fake for G. */
    public static final int DISCRIMINATOR_PASSES_PER_ITERATION = 3;

    /** Adam's epsilon (PyTorch's default). */
    public static final double ADAM_EPS = 1e-8;

    private static final int THROUGHPUT_WINDOW = 20;

    private final ComputeContext context;
    private final TrainingConfig config;
    private final Dataset dataset;
    private final List<TrainingListener> listeners;
    private final ModelSpec model;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final CganStep step;
    private final BatchSampler sampler;
    private final SeededRandom noiseRandom;
    private final float[] fixedNoise;
    private final float[] fixedLabels;
    private final long totalIterations;
    private final CheckpointStore checkpoints;

    private volatile boolean stopRequested;
    private long iteration;
    private boolean resumed;
    private Path lastCheckpoint;

    /**
     * Prepares a fresh run: builds and initialises both networks and their optimizers on {@code context}.
     *
     * @param context   the opened backend; the caller keeps ownership and closes it after the run
     * @param config    the settings
     * @param dataset   the training data; enlarged by a whole factor if the model needs bigger images
     * @param listeners observers, called in order
     * @throws IllegalArgumentException for an unknown model name
     * @throws dev.cgan.core.data.DatasetException if the data does not fit the model or the batch size
     */
    public Trainer(ComputeContext context, TrainingConfig config, Dataset dataset, List<TrainingListener> listeners) {
        this.context = Objects.requireNonNull(context, "context");
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
        this.model = ModelCatalog.byName(config.model(), dataset.numClasses(), dataset.channels());
        this.dataset = ModelData.fit(dataset, model);

        SeededRandom root = new SeededRandom(config.seed());
        SeededRandom initRandom = root.fork();
        SeededRandom samplerRandom = root.fork();
        this.noiseRandom = root.fork();
        SeededRandom sampleRandom = root.fork();

        this.generator = new Generator(context, model);
        this.discriminator = new Discriminator(context, model);
        DcganInit.apply(generator.network(), initRandom);
        DcganInit.apply(discriminator.network(), initRandom);
        OptimizerSpec adam = new OptimizerSpec.Adam(config.lr(), config.beta1(), config.beta2(), ADAM_EPS);
        this.generatorOptimizer = context.optimizer(adam, List.copyOf(generator.network().parameters().values()));
        this.discriminatorOptimizer =
                context.optimizer(adam, List.copyOf(discriminator.network().parameters().values()));
        this.step = new CganStep(context, generator, discriminator, generatorOptimizer, discriminatorOptimizer);

        this.sampler = new BatchSampler(this.dataset, config.batchSize(), samplerRandom);
        this.totalIterations = config.steps() > 0 ? config.steps()
                : (long) config.epochs() * sampler.batchesPerEpoch();

        int perClass = config.samplesPerClass();
        float[] oneVectorPerColumn = new float[perClass * model.zDim()];
        ModelNoise.fill(model, oneVectorPerColumn, sampleRandom);
        int rows = model.numClasses() * perClass;
        this.fixedNoise = new float[rows * model.zDim()];
        int[] labels = new int[rows];
        for (int c = 0; c < model.numClasses(); c++) {
            System.arraycopy(oneVectorPerColumn, 0, fixedNoise, c * perClass * model.zDim(), oneVectorPerColumn.length);
            Arrays.fill(labels, c * perClass, (c + 1) * perClass, c);
        }
        this.fixedLabels = Batch.oneHot(labels, model.numClasses());
        this.checkpoints = config.out() == null ? null
                : new CheckpointStore(config.out().resolve(CheckpointStore.DIRECTORY_NAME));
    }

    /**
     * Continues from a checkpoint of an earlier run with the same model, seed, batch size and data: loads weights,
     * buffers, optimizer state, and the sampler's and noise stream's positions, so that the following iterations are
     * exactly those an uninterrupted run would have done. Other settings (steps, intervals, learning rate) are this
     * trainer's. Call before {@link #run()}.
     *
     * @param checkpoint a checkpoint file, a checkpoint folder or a run directory (its newest checkpoint is used)
     * @return this trainer
     * @throws CheckpointException if the checkpoint is unreadable, belongs to another model, seed, batch size or
     *                             dataset, or is already at or past {@link #totalIterations()}
     */
    public Trainer resume(Path checkpoint) {
        Path file = CheckpointFile.locate(checkpoint);
        TrainingSnapshot snapshot = CheckpointFile.read(file);
        CheckpointInfo info = snapshot.info();
        String source = "checkpoint " + file;
        requireSame(source, "model", info.config().model().toLowerCase(Locale.ROOT),
                config.model().toLowerCase(Locale.ROOT), "--model");
        requireSame(source, "seed", info.config().seed(), config.seed(), "--seed");
        requireSame(source, "batch size", info.config().batchSize(), config.batchSize(), "--batch-size");
        requireSame(source, "class names", info.classNames(), dataset.classNames(), "--data");
        requireSame(source, "number of training images", info.datasetSize(), dataset.size(), "--data");
        if (info.iteration() >= totalIterations) {
            throw new CheckpointException(source + " is at iteration " + info.iteration() + ", the end of a "
                    + totalIterations + "-iteration run; ask for more steps or epochs to continue training");
        }
        StateDict.restore(snapshot.tensors(), trainedNetworks(), source);
        sampler.restore(info.sampler());
        noiseRandom.restore(info.noiseRandomState());
        restoreLayerRandomStates(info.layerRandomStates(), source);
        iteration = info.iteration();
        resumed = true;
        lastCheckpoint = file;
        return this;
    }

    /**
     * Asks the run to stop after the current iteration, then write final samples and a checkpoint; its stop reason is
     * {@code interrupted}. Safe to call from any thread (a Ctrl-C handler) and more than once.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains until the run completes, is interrupted or diverges, informing the listeners.
     *
     * @return how the run ended
     * @throws CheckpointException if a checkpoint cannot be written
     * @throws RuntimeException    whatever a listener or the backend throws, which ends the run
     */
    public RunSummary run() {
        long startNanos = System.nanoTime();
        long firstIteration = iteration + 1;
        for (TrainingListener l : listeners) {
            l.onStart(new RunInfo(context.backend().name(), context.device().id(), model, dataset.description(),
                    dataset.classNames(), dataset.size(), sampler.batchesPerEpoch(), firstIteration, totalIterations,
                    config));
        }
        if (!resumed) {
            publishSamples();
        }
        long sampledAt = iteration;
        long checkpointedAt = iteration;
        ArrayDeque<Double> recent = new ArrayDeque<>();
        double recentSeconds = 0;
        double trainingSeconds = 0;
        StepLosses last = null;
        String stopReason = "completed";

        while (iteration < totalIterations) {
            if (stopRequested) {
                stopReason = "interrupted";
                break;
            }
            // The clock includes assembling the batch on the host: it is part of what an iteration costs.
            long t0 = System.nanoTime();
            Batch batch = sampler.next();
            float[] noise = new float[batch.size() * model.zDim()];
            ModelNoise.fill(model, noise, noiseRandom);
            StepLosses losses = trainOn(batch, noise);
            double seconds = (System.nanoTime() - t0) / 1e9;

            if (!losses.isFinite()) {
                stopReason = divergence(iteration + 1, losses);
                break;
            }
            iteration++;
            last = losses;
            trainingSeconds += seconds;
            recent.addLast(seconds);
            recentSeconds += seconds;
            if (recent.size() > THROUGHPUT_WINDOW) {
                recentSeconds -= recent.removeFirst();
            }
            double imagesPerSecond = recent.size() * (double) batch.size() / recentSeconds;
            IterationRecord record = new IterationRecord(iteration, batch.epoch(), losses, seconds, imagesPerSecond);
            for (TrainingListener l : listeners) {
                l.onIteration(record);
            }
            if (config.sampleEvery() > 0 && iteration % config.sampleEvery() == 0 && iteration < totalIterations) {
                publishSamples();
                sampledAt = iteration;
            }
            if (config.checkpointEvery() > 0 && iteration % config.checkpointEvery() == 0
                    && iteration < totalIterations) {
                String notFinite = saveCheckpoint();
                if (notFinite != null) {
                    stopReason = notFinite;
                    break;
                }
                checkpointedAt = iteration;
            }
        }

        boolean diverged = stopReason.startsWith("diverged");
        if (!diverged && iteration >= firstIteration) {
            if (sampledAt != iteration) {
                publishSamples();
            }
            if (checkpointedAt != iteration) {
                String notFinite = saveCheckpoint();
                if (notFinite != null) {
                    stopReason = notFinite;
                }
            }
        }
        long done = iteration - firstIteration + 1;
        double throughput = trainingSeconds > 0 ? done * (double) config.batchSize() / trainingSeconds : 0;
        RunSummary summary = new RunSummary(iteration, (System.nanoTime() - startNanos) / 1e9, throughput, last,
                stopReason);
        for (TrainingListener l : listeners) {
            l.onFinish(summary);
        }
        return summary;
    }

    /**
     * Generates the fixed-noise sample grid from the current generator (training-mode BatchNorm, running statistics
     * left untouched; see the class description).
     */
    public SampleGrid sample() {
        Map<String, Tensor> buffers = generator.network().buffers();
        Map<String, float[]> saved = new LinkedHashMap<>();
        buffers.forEach((name, t) -> saved.put(name, t.toFloatArray()));
        int rows = model.numClasses() * config.samplesPerClass();
        float[] pixels;
        try (TensorScope scope = context.scope()) {
            Tensor noise = context.tensor(fixedNoise, Shape.of(rows, model.zDim()));
            Tensor labels = context.tensor(fixedLabels, Shape.of(rows, model.numClasses()));
            pixels = generator.forward(noise, labels, model.generatorHasBatchNorm()).toFloatArray();
        } finally {
            buffers.forEach((name, t) -> t.copyFrom(saved.get(name)));
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = model.pixels().toSymmetric(pixels[i]);
        }
        return new SampleGrid(iteration, dataset.classNames(), config.samplesPerClass(), model.channels(),
                model.imageSize(), pixels);
    }

    /** The architecture being trained. */
    public ModelSpec model() {
        return model;
    }

    /** The training data as the model sees it. */
    public Dataset dataset() {
        return dataset;
    }

    /** The iteration the run stops after. */
    public long totalIterations() {
        return totalIterations;
    }

    /** Iterations completed so far (including those before a resume). */
    public long iteration() {
        return iteration;
    }

    /** The newest checkpoint written or resumed from, or null. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /** The generator being trained. */
    public Generator generator() {
        return generator;
    }

    /** The discriminator being trained. */
    public Discriminator discriminator() {
        return discriminator;
    }

    /** The checkpoint contents for the current iteration, on the host. */
    public TrainingSnapshot snapshot() {
        CheckpointInfo info = new CheckpointInfo(iteration, config, dataset.classNames(), dataset.size(),
                dataset.description(), noiseRandom.state(), sampler.state(), layerRandomStates());
        return new TrainingSnapshot(info, StateDict.capture(trainedNetworks()));
    }

    /** The positions of both networks' layer streams (the Dropout masks), by layer name. */
    private Map<String, Long> layerRandomStates() {
        Map<String, Long> states = new LinkedHashMap<>(generator.network().randomStates());
        states.putAll(discriminator.network().randomStates());
        return states;
    }

    private void restoreLayerRandomStates(Map<String, Long> states, String source) {
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

    private StepLosses trainOn(Batch batch, float[] noise) {
        int n = batch.size();
        // CganStep has its own scope for its temporaries; this one frees the uploaded batch, so memory stays flat.
        try (TensorScope scope = context.scope()) {
            Tensor real = context.tensor(batch.images(),
                    Shape.of(n, model.channels(), model.imageSize(), model.imageSize()));
            Tensor labels = context.tensor(batch.oneHot(model.numClasses()), Shape.of(n, model.numClasses()));
            Tensor z = context.tensor(noise, Shape.of(n, model.zDim()));
            return step.run(real, labels, z);
        }
    }

    private void publishSamples() {
        SampleGrid grid = sample();
        for (TrainingListener l : listeners) {
            l.onSamples(grid);
        }
    }

    /**
     * Writes a checkpoint, unless some weight, running statistic or optimizer state has stopped being finite: then
     * nothing is written (the previous checkpoint stays the last good one) and the divergence reason is returned.
     * Losses can stay finite while the state is already ruined (a saturated discriminator's BCE is clamped at 100
     * while its BatchNorm variance overflows), so the state itself is checked before it may replace a good one.
     */
    private String saveCheckpoint() {
        if (checkpoints == null) {
            return null;
        }
        TrainingSnapshot snapshot = snapshot();
        for (Map.Entry<String, StoredTensor> e : snapshot.tensors().entrySet()) {
            if (e.getValue().dtype() == DType.F32 && !allFinite(e.getValue().floats())) {
                String kept = lastCheckpoint == null ? "no checkpoint had been written yet"
                        : "the last good checkpoint is " + lastCheckpoint;
                return String.format(Locale.ROOT, "diverged: %s is no longer finite at iteration %d; %s; %s",
                        e.getKey(), iteration, kept, lowerLearningRate());
            }
        }
        for (TrainingListener l : listeners) {
            l.beforeCheckpoint(iteration);
        }
        Path file = checkpoints.save(snapshot);
        lastCheckpoint = file;
        for (TrainingListener l : listeners) {
            l.onCheckpoint(iteration, file);
        }
        return null;
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private List<TrainedNetwork> trainedNetworks() {
        List<TrainedNetwork> out = new ArrayList<>();
        out.add(new TrainedNetwork(generator.network(), generatorOptimizer,
                iteration * GENERATOR_PASSES_PER_ITERATION));
        out.add(new TrainedNetwork(discriminator.network(), discriminatorOptimizer,
                iteration * DISCRIMINATOR_PASSES_PER_ITERATION));
        return out;
    }

    private String divergence(long badIteration, StepLosses losses) {
        String kept = lastCheckpoint == null ? "no checkpoint had been written yet"
                : "the last good checkpoint is " + lastCheckpoint;
        return String.format(Locale.ROOT, "diverged: the losses stopped being finite numbers at iteration %d "
                        + "(loss D %s, loss G %s); %s; %s",
                badIteration, losses.lossD(), losses.lossG(), kept, lowerLearningRate());
    }

    /** What to try after a divergence, as the option a user types: half this run's learning rate. */
    private String lowerLearningRate() {
        return "try a lower learning rate than " + plain(config.lr()) + ", e.g. --lr " + plain(config.lr() / 2);
    }

    private static String plain(double value) {
        // 0.0002 and 1E-7, 1E+16: plain where that is short, and always a number --lr accepts.
        return java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toString();
    }

    private static void requireSame(String source, String what, Object saved, Object now, String option) {
        if (!saved.equals(now)) {
            throw new CheckpointException(source + " was trained with " + what + " " + saved + " but this run has "
                    + now + "; resume with the same " + option);
        }
    }
}
