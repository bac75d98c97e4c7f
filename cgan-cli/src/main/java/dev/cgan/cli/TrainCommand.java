package dev.cgan.cli;

import com.google.inject.Injector;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.eval.ClassifierCache;
import dev.cgan.core.eval.EvaluationTracker;
import dev.cgan.core.eval.Evaluator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.output.RunDirectory;
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.CollectiveFactory;
import dev.cgan.core.parallel.Rendezvous;
import dev.cgan.core.train.DiffAugmentSetting;
import dev.cgan.core.train.EmaSetting;
import dev.cgan.core.train.GanLoss;
import dev.cgan.core.train.InvalidSettingException;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import dev.cgan.core.train.TrainingSetting;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli train}: trains a conditional DCGAN and leaves sample grids, a loss plot, metrics, checkpoints and a
 * summary in a run directory. With no options it trains dcgan32 on the embedded Fashion-MNIST for
 * {@value #DEFAULT_STEPS} iterations.
 */
@Command(name = "train", sortOptions = false, sortSynopsis = false, defaultValueProvider = TrainDefaults.class,
        description = {
            "Trains a conditional DCGAN: one row of samples per class, generated from fixed noise.",
            "Without options: dcgan32 on the embedded Fashion-MNIST, " + TrainCommand.DEFAULT_STEPS
                    + " iterations (a few minutes on 2 CPU cores; README gives the time measured there).",
            "Writes samples/, loss.png, metrics.jsonl, checkpoint/ and summary.json into --out."})
final class TrainCommand implements Callable<Integer> {

    /**
     * Iterations of the default run, chosen so that {@code cgan-cli train} takes about five minutes for dcgan32 at
     * batch 64 on a 2-core CPU: long enough for recognisable samples, short enough to try.
     */
    static final long DEFAULT_STEPS = 500;

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "dcgan32",
            description = "Architecture: dcgan32 (32x32), dcgan64 (the seed's 64x64) or mlp (the paper's 28x28 "
                    + "MLP with maxout discriminator). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data: a folder with one sub-folder of PNG/JPEG images per class (the folder name is the "
                    + "class name), or a directory of MNIST-format IDX files (train-images-idx3-ubyte[.gz] and its "
                    + "labels, optional classes.txt). Default: Fashion-MNIST (Debian's dataset-fashion-mnist if installed, else the "
                    + "split embedded in cgan).")
    Path data;

    @Option(names = "--steps", paramLabel = "N",
            description = "Iterations to train (default: " + DEFAULT_STEPS + " unless --epochs is given).")
    Long steps;

    @Option(names = "--epochs", paramLabel = "N", description = "Train for N passes over the data instead of --steps.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Images per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Adam learning rate of both networks; Adam's other settings are DCGAN's. "
                    + "Default: ${DEFAULT-VALUE} (DCGAN's).")
    double lr;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of everything random; the same seed gives the same run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory. Default: runs/<model>-<yyyyMMdd-HHmmss> (with --resume: the resumed run's).")
    Path out;

    @Option(names = "--sample-every", paramLabel = "N",
            description = "Iterations between sample grids (0: only before and after). Default: a tenth of the run.")
    Integer sampleEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Iterations between checkpoints (0: only at the end). Default: as --sample-every.")
    Integer checkpointEvery;

    @Option(names = "--samples-per-class", paramLabel = "N", defaultValue = "8",
            description = "Columns of the sample grid. Default: ${DEFAULT-VALUE}.")
    int samplesPerClass;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "0",
            description = "Evaluate the generator every N iterations and at the end, as cgan-cli evaluate does "
                    + "(its classifier is trained or loaded at the first evaluation): eval.jsonl and eval.png in the "
                    + "run directory. Default: 0 (off).")
    int evalEvery;

    @Option(names = "--classifier-cache", paramLabel = "DIR",
            description = "With --eval-every: where the evaluation's classifier is kept. Default: as cgan-cli "
                    + "evaluate's.")
    Path classifierCache;

    @Option(names = "--ema", paramLabel = "DECAY",
            description = "Keep an exponential moving average of the generator's weights and BatchNorm statistics "
                    + "(ema = DECAY * ema + (1 - DECAY) * weight after each generator step; 0.999 is usual); "
                    + "the sample grids, --eval-every and generate, evaluate and export of the run's checkpoints "
                    + "then use the average. Default: off. See docs/EMA.md.")
    Double ema;

    @Option(names = "--ema-start", paramLabel = "ITER",
            description = "With --ema: iterations before ITER copy the weights into the average instead of "
                    + "averaging them. Default: 0 (average from the first iteration).")
    Long emaStart;

    @Option(names = "--loss", paramLabel = "bce|hinge",
            description = "The adversarial loss: bce (non-saturating binary cross-entropy, on probabilities or raw "
                    + "scores as the discriminator gives them) or hinge (needs raw scores). Default: the model's "
                    + "(bce for dcgan64, dcgan32 and mlp, hinge for sngan32 and sngan64). See docs/MODELS.md.")
    String loss;

    @Option(names = "--time-limit", paramLabel = "DURATION",
            description = "Stop after this much wall-clock time (20m, 1h30m, 90s), as if interrupted: final samples "
                    + "and a checkpoint are written and the run can be continued with --resume. Equal time limits "
                    + "compare models fairly. Default: none.")
    String timeLimit;

    /** {@link #timeLimit} as checked by {@link #settings()}; {@link Duration#ZERO} for none. */
    private Duration limit = Duration.ZERO;

    @Option(names = "--diffaugment", paramLabel = "POLICIES",
            description = "DiffAugment: show the discriminator real and generated images through random "
                    + "differentiable augmentations, comma separated from color, translation, cutout (e.g. "
                    + "color,translation,cutout), for small datasets. Default: off. See docs/DIFFAUGMENT.md.")
    String diffaugment;

    @Option(names = "--resume", paramLabel = "PATH",
            description = "Continue from a checkpoint: a .safetensors file, a checkpoint/ folder or a run directory. "
                    + "Use the same --model, --seed, --batch-size and --data as the first run.")
    Path resume;

    @Option(names = "--nproc", paramLabel = "N",
            description = "Train data-parallel in N processes (ranks) on this machine, on PyTorch's c10d (Gloo): "
                    + "each trains on its share of every batch and the gradients are averaged before each step; "
                    + "--batch-size stays the global batch. Engines: nd4j, onednn; jcuda on NCCL (a GPU per rank). "
                    + "A launcher that sets torchrun's MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE (torchrun, "
                    + "Slurm, Kubeflow) needs no --nproc. See docs/DISTRIBUTED.md.")
    Integer nproc;

    @Option(names = "--rank-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Data-parallel runs: the longest any rank waits for the others (to join, or in a "
                    + "collective) before the run stops with an error naming the rank at fault. "
                    + "Default: ${DEFAULT-VALUE}.")
    int rankTimeout;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    private final Injector injector;
    private final Clock clock;

    @Inject
    TrainCommand(Injector injector, Clock clock) {
        this.injector = injector;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        GlobalOptions global = main.globalOptions();
        TrainSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        Injector run = injector.createChildInjector(new TrainModule(global, settings, out, terminal));

        // Cheapest checks first, so a wrong option fails in a moment rather than after loading an engine.
        Backend backend = run.getInstance(Backend.class);
        Rendezvous rendezvous = DataParallel.fromEnvironment(System.getenv(), Duration.ofSeconds(rankTimeout));
        if (nproc != null && (nproc > 1 || rendezvous != null)) {
            if (rendezvous != null) {
                throw new UsageException("--nproc starts ranks of its own; leave it out when a launcher sets "
                        + Rendezvous.WORLD_SIZE + " (" + System.getenv(Rendezvous.WORLD_SIZE) + " here)");
            }
            CollectiveFactory ranks = DataParallel.transport(backend);
            DataParallel.check(ranks, backend, settings.batchSize(), nproc);
            DataParallel.checkGpuPerRank(ranks, backend, nproc);
            run.getInstance(Device.class);
            run.getInstance(TrainingConfig.class); // reads and checks the data once, before starting the ranks
            return new LocalRanks(nproc, Duration.ofSeconds(rankTimeout), err).run();
        }
        CollectiveFactory transport = null;
        if (rendezvous != null) {
            transport = DataParallel.transport(backend);
            DataParallel.check(transport, backend, settings.batchSize(), rendezvous.worldSize());
        }
        Device device = run.getInstance(Device.class);
        if (rendezvous != null) {
            device = DataParallel.rankDevice(backend, device, global.device(), rendezvous);
        }
        if (rendezvous != null && rendezvous.rank() != 0) {
            return trainFollower(run, backend, device, transport, rendezvous, settings);
        }
        run.getInstance(TrainingConfig.class); // reads and checks the data
        DataWarnings.print(run.getInstance(Dataset.class), err);
        RunDirectory dir = run.getInstance(RunDirectory.class); // creates it and checks that it is writable
        TrainerFactory factory = run.getInstance(TrainerFactory.class);
        boolean started = false;
        try (ComputeContext context = backend.open(device, run.getInstance(BackendOptions.class));
             Collective collective = rendezvous == null ? Collective.single() : transport.join(rendezvous, context)) {
            AtomicReference<Trainer> current = new AtomicReference<>();
            List<TrainingListener> extra = evalEvery > 0
                    ? List.of(evaluationTracker(context, current, dir.root(), settings, out)) : List.of();
            Trainer trainer = factory.create(context, extra, collective);
            current.set(trainer);
            if (settings.resume() != null) {
                resume(trainer, settings.resume());
            }
            trainer.limitTime(limit);
            started = true;
            RunSummary summary;
            try (InterruptHandler interrupt = InterruptHandler.install(trainer::requestStop, err)) {
                summary = trainer.run();
            } catch (CheckpointException | UncheckedIOException e) {
                throw outputFailed(e, trainer, dir);
            }
            return exitCode(summary, err);
        } catch (RuntimeException e) {
            if (terminal && started) {
                out.println(); // end the progress line, so the error starts on its own
                out.flush();
            }
            throw e;
        } finally {
            closeFiles(factory);
            if (!started) {
                dir.deleteIfEmpty(); // a run refused before its start leaves nothing behind
            }
        }
    }

    /**
     * A rank other than 0 of a data-parallel run: trains its share and writes nothing (no run directory, no progress,
     * no files); rank 0 reports for all. Its errors are its own one line, like any run's.
     */
    private int trainFollower(Injector run, Backend backend, Device device, CollectiveFactory transport,
                              Rendezvous rendezvous, TrainSettings settings) {
        TrainingConfig config = run.getInstance(TrainingConfig.class);
        Dataset dataset = run.getInstance(Dataset.class);
        try (ComputeContext context = backend.open(device, run.getInstance(BackendOptions.class));
             Collective collective = transport.join(rendezvous, context)) {
            Trainer trainer = new Trainer(context, config, dataset, List.of(), collective);
            if (settings.resume() != null) {
                resume(trainer, settings.resume());
            }
            trainer.limitTime(limit);
            RunSummary summary;
            // Rank 0 tells the user about the interrupt; this rank stops with it, silently.
            try (InterruptHandler interrupt = InterruptHandler.install(trainer::requestStop,
                    new PrintWriter(java.io.Writer.nullWriter()))) {
                summary = trainer.run();
            }
            String reason = summary.stopReason();
            return reason.startsWith("diverged") ? ExitCodes.DIVERGED
                    : reason.equals("interrupted") ? ExitCodes.INTERRUPTED : ExitCodes.OK;
        }
    }

    /** Evaluates the trainer's generator as {@code cgan-cli evaluate} does, with its default settings. */
    private EvaluationTracker evaluationTracker(ComputeContext context, AtomicReference<Trainer> trainer, Path root,
                                                TrainSettings settings, PrintWriter out) {
        Evaluator[] evaluator = {null};
        return new EvaluationTracker(root, evalEvery, iteration -> {
            if (evaluator[0] == null) {
                EvaluationData data = EvaluationData.of(settings.data(), settings.model());
                evaluator[0] = new Evaluator(context, data.train(), data.test(), new Evaluator.Settings(
                        EvaluateCommand.DEFAULT_SAMPLES_PER_CLASS, EvaluateCommand.DEFAULT_CLASSIFIER_EPOCHS, 0,
                        classifierCache != null ? classifierCache : ClassifierCache.defaultDirectory()), line -> {
                            out.println(line);
                            out.flush();
                        });
            }
            Trainer t = trainer.get();
            return evaluator[0].evaluate(t.outputGenerator(), t.model(), iteration);
        });
    }

    /** The options, checked and with their defaults filled in. */
    TrainSettings settings() {
        String modelName = model.strip().toLowerCase(Locale.ROOT);
        if (!ModelCatalog.names().contains(modelName)) {
            throw new UsageException("unknown model '" + model + "': known models are "
                    + String.join(", ", ModelCatalog.names()));
        }
        if (steps != null && epochs != null) {
            throw new UsageException("give --steps or --epochs, not both");
        }
        if (steps != null && steps < 1) {
            throw new UsageException("--steps must be at least 1, got " + steps);
        }
        if (epochs != null && epochs < 1) {
            throw new UsageException("--epochs must be at least 1, got " + epochs);
        }
        // The core's rules, checked now so that a bad value fails before anything is loaded.
        check(() -> TrainingConfig.requireBatchSize(batchSize));
        check(() -> TrainingConfig.requireLearningRate(lr));
        if (sampleEvery != null) {
            check(() -> TrainingConfig.requireInterval(TrainingSetting.SAMPLE_EVERY, sampleEvery));
        }
        if (checkpointEvery != null) {
            check(() -> TrainingConfig.requireInterval(TrainingSetting.CHECKPOINT_EVERY, checkpointEvery));
        }
        if (nproc != null && nproc < 1) {
            throw new UsageException("--nproc must be at least 1, got " + nproc);
        }
        if (rankTimeout < 1) {
            throw new UsageException("--rank-timeout must be at least 1 second, got " + rankTimeout);
        }
        if (evalEvery < 0) {
            throw new UsageException("--eval-every must be 0 or more, got " + evalEvery);
        }
        check(() -> TrainingConfig.requireSamplesPerClass(samplesPerClass));
        EmaSetting average = EmaSetting.OFF;
        if (ema != null) {
            long start = emaStart != null ? emaStart : 0;
            check(() -> TrainingConfig.requireEma(ema, start));
            average = new EmaSetting(ema, start);
        } else if (emaStart != null) {
            throw new UsageException("--ema-start needs --ema DECAY (the moving average it starts)");
        }
        GanLoss adversarial = null;
        if (loss != null) {
            try {
                adversarial = GanLoss.parse(loss);
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown --loss '" + loss + "': use bce or hinge");
            }
            GanLoss chosen = adversarial;
            ModelSpec probe = ModelCatalog.byName(modelName, 1, ModelCatalog.imageShape(modelName).channels());
            check(() -> TrainingConfig.requireLossFits(probe, chosen));
        }
        if (timeLimit != null) {
            limit = TimeLimit.parse(timeLimit); // a bad value fails before anything is loaded
        }
        DiffAugmentSetting[] augmentation = {DiffAugmentSetting.OFF};
        if (diffaugment != null) {
            check(() -> augmentation[0] = DiffAugmentSetting.parse(diffaugment));
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new UsageException("--data " + data + ": no such directory");
        }
        long totalSteps = epochs != null ? 0 : steps != null ? steps : DEFAULT_STEPS;
        int totalEpochs = epochs != null ? epochs : 0;
        return new TrainSettings(modelName, data, totalSteps, totalEpochs, batchSize, lr, seed, runDirectory(modelName),
                sampleEvery, checkpointEvery, samplesPerClass, resume, average, augmentation[0], adversarial);
    }

    private Path runDirectory(String modelName) {
        if (out != null) {
            return out;
        }
        if (resume != null) {
            return runOf(resume);
        }
        Path base = Path.of("runs", modelName + "-" + LocalDateTime.now(clock).format(RUN_TIME));
        Path candidate = base;
        // Two runs started in the same second must not share (and overwrite) one directory.
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = base.resolveSibling(base.getFileName() + "-" + n);
        }
        return candidate;
    }

    /** The run directory a checkpoint path belongs to: {@code run/}, {@code run/checkpoint/} or a file inside it. */
    static Path runOf(Path resume) {
        Path p = resume.toAbsolutePath().normalize();
        if (Files.isRegularFile(p)) {
            p = p.getParent();
        }
        if (p != null && p.getFileName() != null
                && p.getFileName().toString().equals(CheckpointStore.DIRECTORY_NAME)) {
            p = p.getParent();
        }
        return p == null ? resume : p;
    }

    private static void resume(Trainer trainer, Path checkpoint) {
        try {
            trainer.resume(checkpoint);
        } catch (CheckpointException e) {
            throw new UsageException(OptionNames.messageOf(e), e);
        }
    }

    /**
     * A run whose outputs stopped being writable (a full disk, a folder removed under it) ends with what failed, what
     * is safe and how to go on; checkpoints are written atomically, so the last one is complete.
     */
    private static UsageException outputFailed(RuntimeException e, Trainer trainer, RunDirectory dir) {
        Path last = trainer.lastCheckpoint();
        String next = last == null ? "no checkpoint was written; free some space (or fix the folder) and start again"
                : "the last good checkpoint is " + last + "; free some space (or fix the folder) and continue with "
                        + "--resume " + dir.root();
        return new UsageException(CliErrors.oneLine(e.getMessage()) + "; " + next, e);
    }

    private static int exitCode(RunSummary summary, PrintWriter err) {
        String reason = summary.stopReason();
        if (reason.startsWith("diverged")) {
            err.println(CliErrors.PREFIX + "training " + OptionNames.render(summary.stop()));
            err.flush();
            return ExitCodes.DIVERGED;
        }
        return reason.equals("interrupted") ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }

    /** Listeners that hold open files close them at the run's end; this covers runs that failed before it. */
    private static void closeFiles(TrainerFactory factory) {
        for (TrainingListener l : factory.listeners()) {
            if (l instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Already failing or already closed: the original outcome is what the user needs to see.
                }
            }
        }
    }

    /** Applies one of the core's setting rules; its refusal becomes a usage error that names the option. */
    private static void check(Runnable rule) {
        try {
            rule.run();
        } catch (InvalidSettingException e) {
            throw new UsageException(OptionNames.messageOf(e), e);
        }
    }
}
