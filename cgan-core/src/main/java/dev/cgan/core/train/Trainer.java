package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.data.BatchSampler;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.parallel.Collective;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a whole CGAN training run on one backend: builds the model for the dataset's classes, initialises it, trains
 * it batch by batch with {@link CganStep}, and reports to {@link TrainingListener}s — samples, checkpoints, the end.
 * The parts, each in its own class: {@link RandomStreams} (what the seed decides), {@link TrainingState} (what a
 * checkpoint holds), {@link TrainingLoop} (iterations and stopping), {@link FixedNoiseSampler} (the sample grids),
 * {@link CheckpointPolicy} (which checkpoints are kept), {@link ResumeCheck} (which checkpoints a run may continue)
 * and, when asked for, {@link GeneratorAverage} (the moving average of the generator that the grids then show).
 *
 * <h2>Reproducibility</h2>
 * Everything random comes from the seed, in the streams of {@link RandomStreams}. The batch and noise streams are
 * checkpointed, so {@link #resume(Path)} continues with the very batches and noise an uninterrupted run would have
 * used; initialisation and sample noise are re-derived from the seed. The paper's MLP draws its noise from U[0, 1)
 * instead of N(0, 1) and trains on images in [0, 1]; its dropout masks come from streams owned by the layers
 * ({@link dev.cgan.api.layer.Layer#randomState()}), whose positions a checkpoint holds too, so MLP runs resume bit for
 * bit like DCGAN runs. A checkpoint written before these positions were recorded still resumes, with the masks drawn
 * afresh from the layers' seeds.
 *
 * <h2>Stopping</h2>
 * A run ends when it has done {@link #totalIterations()} iterations ({@code completed}), when its
 * {@link #limitTime time limit} has passed ({@code time limit reached}, ended as an interrupted run), when
 * {@link #requestStop()}
 * was called ({@code interrupted}: the current iteration finishes, then final samples and a checkpoint are written),
 * or when a loss or the training state stops being finite ({@code diverged: ...}: nothing more is written, the last
 * good checkpoint stays, and the reason suggests a lower learning rate).
 *
 * <p>Checkpoints go to {@code <out>/checkpoint/} (see {@link CheckpointStore}); with {@code out} null none are
 * written. A trainer is used from one thread, except {@link #requestStop()}, which any thread may call.
 */
public final class Trainer {

    /**
     * Adam's epsilon: DCGAN's ({@link TrainingConfig#DCGAN_ADAM}), which every run uses; kept here for callers that
     * build the trainer's optimizer themselves.
     */
    public static final double ADAM_EPS = TrainingConfig.DCGAN_ADAM.eps();

    private final ModelSpec model;
    private final CganNetworks networks;
    private final GeneratorAverage average;
    private final TrainingState state;
    private final FixedNoiseSampler samples;
    private final CheckpointPolicy checkpoints;
    private final TrainingLoop loop;
    private final Collective collective;
    private boolean resumed;

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
        this(context, config, dataset, listeners, Collective.single());
    }

    /**
     * Prepares a fresh run of a model of the caller's own (library use): any {@link ModelSpec} whose networks the
     * backend can build, trained exactly as the catalog's models are. Its checkpoints record {@code model.name()};
     * read them back with {@link dev.cgan.core.checkpoint.GeneratorCheckpoint#read(Path, ModelSpec)}.
     *
     * @param context   the opened backend; the caller keeps ownership and closes it after the run
     * @param config    the settings; {@link TrainingConfig#model()} must be {@code model.name()}
     * @param model     the architecture, for the dataset's classes and channels
     * @param dataset   the training data at the model's image size (or a whole factor smaller)
     * @param listeners observers, called in order
     * @throws IllegalArgumentException if the config names another model, or the model does not fit the dataset's
     *                                  classes or channels
     * @throws dev.cgan.core.data.DatasetException if the data does not fit the model's image size or the batch size
     */
    public Trainer(ComputeContext context, TrainingConfig config, ModelSpec model, Dataset dataset,
                   List<TrainingListener> listeners) {
        this(context, config, model, dataset, listeners, Collective.single());
    }

    /**
     * Prepares one rank of a data-parallel run of the catalog's model {@code config.model()}; see
     * {@link #Trainer(ComputeContext, TrainingConfig, ModelSpec, Dataset, List, Collective)}.
     */
    public Trainer(ComputeContext context, TrainingConfig config, Dataset dataset, List<TrainingListener> listeners,
                   Collective collective) {
        this(context, config, ModelCatalog.byName(Objects.requireNonNull(config, "config").model(),
                dataset.numClasses(), dataset.channels()), dataset, listeners, collective);
    }

    /**
     * Prepares a fresh run of {@code model}, or one rank of a data-parallel run of it.
     *
     * <h4>Data parallelism</h4>
     * Every rank builds the same networks from the seed (and then takes rank 0's weights, to be sure), draws the same
     * global batch of {@code config.batchSize()} images and its noise from the one seeded stream, and trains on its
     * own consecutive {@code batchSize / worldSize} of them; before each optimizer step the gradients are averaged
     * over the ranks, so the weights stay bitwise identical on all ranks and follow one process at the global batch
     * (up to the order of floating-point sums; BatchNorm statistics are per rank, as in PyTorch's DDP). Losses are
     * averaged too. Rank 0 alone tells the listeners and writes checkpoints; the other ranks' {@code listeners} and
     * {@code config.out()} are ignored. A checkpoint is the same whatever the number of ranks, so a run resumes with
     * another one.
     *
     * @param model      the architecture, built for the dataset's classes and channels
     * @param collective the ranks, or {@link Collective#single()}
     * @throws InvalidSettingException if the batch does not split evenly over the ranks
     */
    public Trainer(ComputeContext context, TrainingConfig config, ModelSpec model, Dataset dataset,
                   List<TrainingListener> listeners, Collective collective) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(collective, "collective");
        requireFits(config, model, dataset);
        TrainingConfig.requireLossFits(model, config.lossFor(model));
        config = config.withLoss(config.lossFor(model));
        if (config.batchSize() % collective.worldSize() != 0) {
            throw new InvalidSettingException(SettingsMessage.of(TrainingSetting.BATCH_SIZE, " "
                    + config.batchSize() + " does not split evenly over " + collective.worldSize()
                    + " ranks; use a multiple of " + collective.worldSize()));
        }
        TrainingListeners all = new TrainingListeners(collective.isLeader() ? listeners : List.of());
        this.model = model;
        Dataset fitted = ModelData.fit(dataset, model);

        RandomStreams random = RandomStreams.fork(config.seed());
        this.networks = new CganNetworks(context, model, config.optimizer(), random.init(), collective,
                config.loss());
        this.average = config.ema().isOn()
                ? new GeneratorAverage(context, model, networks.generator(), config.ema()) : null;
        BatchSampler sampler = new BatchSampler(fitted, config.batchSize(), random.sampler());
        this.state = new TrainingState(context, config, model, fitted, networks, average, sampler, random.noise(),
                random.augment(), collective);
        this.samples = new FixedNoiseSampler(context, model, this::outputGenerator, fitted.classNames(),
                config.samplesPerClass(), random.samples());
        this.checkpoints = new CheckpointPolicy(collective.isLeader() ? config : withoutOutput(config), all);
        this.loop = new TrainingLoop(state, samples, checkpoints, all, collective);
        this.collective = collective;
        networks.broadcastFromLeader(collective);
    }

    private static TrainingConfig withoutOutput(TrainingConfig c) {
        return new TrainingConfig(c.model(), c.data(), c.steps(), c.epochs(), c.batchSize(), c.lr(), c.beta1(),
                c.beta2(), c.seed(), c.sampleEvery(), c.checkpointEvery(), c.samplesPerClass(), null, c.ema(),
                c.diffAugment(), c.loss());
    }

    private static void requireFits(TrainingConfig config, ModelSpec model, Dataset dataset) {
        if (!config.model().equals(model.name())) {
            throw new IllegalArgumentException("the settings name the model '" + config.model() + "' but the model "
                    + "given is '" + model.name() + "'; set TrainingConfig.model to " + model.name());
        }
        if (model.numClasses() != dataset.numClasses() || model.channels() != dataset.channels()) {
            throw new IllegalArgumentException("model " + model.name() + " is built for " + model.numClasses()
                    + " classes of " + model.channels() + "-channel images, but the data has "
                    + dataset.numClasses() + " classes of " + dataset.channels() + "-channel images");
        }
    }

    /**
     * Continues from a checkpoint of an earlier run with the same model, seed, batch size and data: loads weights,
     * buffers, optimizer state, and the sampler's and noise stream's positions, so that the following iterations are
     * exactly those an uninterrupted run would have done. Other settings (steps, intervals, learning rate) are this
     * trainer's. Call before {@link #run()}.
     *
     * @param checkpoint a checkpoint file, a checkpoint folder or a run directory (its newest checkpoint is used)
     * @return this trainer
     * @throws CheckpointException if the checkpoint is unreadable or does not fit the model; a
     *                             {@link ResumeRefusedException} if it belongs to another model, seed, batch size or
     *                             dataset, or is already at or past {@link #totalIterations()}
     */
    public Trainer resume(Path checkpoint) {
        Path file = CheckpointFile.locate(checkpoint);
        TrainingSnapshot snapshot = CheckpointFile.read(file);
        String source = "checkpoint " + file;
        ResumeCheck.require(snapshot.info(), source, state.config(), state.dataset(), state.totalIterations());
        state.restore(snapshot, source);
        checkpoints.resumedFrom(file);
        networks.broadcastFromLeader(collective);
        resumed = true;
        return this;
    }

    /**
     * Asks the run to stop after the current iteration, then write final samples and a checkpoint; its stop reason is
     * {@code interrupted}. Safe to call from any thread (a Ctrl-C handler) and more than once.
     */
    public void requestStop() {
        loop.requestStop();
    }

    /**
     * Ends the run once {@code limit} has passed since {@link #run()} began: the iteration under way finishes, then
     * final samples and a checkpoint are written as for an interrupted run, with the stop reason
     * {@code time limit reached}. Samples, checkpoints and evaluations count towards the time. A limit that ends a
     * run before its last iteration is how equal-time comparisons of models are made.
     *
     * @param limit the wall-clock time the run may take, or {@link Duration#ZERO} for none (the default)
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public void limitTime(Duration limit) {
        loop.limitTime(limit.toNanos());
    }

    /**
     * Trains until the run completes, is interrupted, reaches its time limit or diverges, informing the listeners.
     *
     * @return how the run ended
     * @throws CheckpointException if a checkpoint cannot be written
     * @throws RuntimeException    whatever a listener or the backend throws, which ends the run
     */
    public RunSummary run() {
        return loop.run(resumed);
    }

    /**
     * Generates the fixed-noise sample grid from the current {@link #outputGenerator()} (running statistics left
     * untouched; see {@link FixedNoiseSampler}).
     */
    public SampleGrid sample() {
        return samples.sample(state.iteration());
    }

    /** The architecture being trained. */
    public ModelSpec model() {
        return model;
    }

    /** The training data as the model sees it. */
    public Dataset dataset() {
        return state.dataset();
    }

    /** The iteration the run stops after. */
    public long totalIterations() {
        return state.totalIterations();
    }

    /** Iterations completed so far (including those before a resume). */
    public long iteration() {
        return state.iteration();
    }

    /** The newest checkpoint written or resumed from, or null. */
    public Path lastCheckpoint() {
        return checkpoints.last();
    }

    /** The generator being trained. */
    public Generator generator() {
        return networks.generator();
    }

    /**
     * The generator whose images the run shows, samples and evaluates: the moving average of the trained one when the
     * run keeps one ({@link TrainingConfig#ema()}), else the trained one itself.
     */
    public Generator outputGenerator() {
        return average != null ? average.generator() : networks.generator();
    }

    /** The discriminator being trained. */
    public Discriminator discriminator() {
        return networks.discriminator();
    }

    /** The checkpoint contents for the current iteration, on the host. */
    public TrainingSnapshot snapshot() {
        return state.snapshot();
    }
}
