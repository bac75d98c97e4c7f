package dev.cgan.cli;

import com.google.inject.Injector;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.eval.ClassifierCache;
import dev.cgan.core.eval.Evaluation;
import dev.cgan.core.eval.Evaluator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.StoredTensor;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli evaluate}: measures a run's generator with a classifier trained on the real data on the same
 * backend (see {@link Evaluator}), prints the figures and writes {@code evaluation.json} into the run directory.
 */
@Command(name = "evaluate", sortOptions = false,
        description = {
            "Measures a trained generator: trains (once, then cached) a small convolutional classifier on the real "
                    + "training data with the same backend, then reports its accuracy on real test images (the "
                    + "ceiling), the per-class accuracy of generated samples for their conditioning label, and the "
                    + "Frechet distance between real and generated features of the classifier.",
            "Prints a table and writes evaluation.json into the run directory."})
final class EvaluateCommand implements Callable<Integer> {

    /** The file written into the run directory. */
    static final String EVALUATION_FILE = "evaluation.json";

    /** Generated samples per class unless told otherwise (also {@code train --eval-every}'s). */
    static final int DEFAULT_SAMPLES_PER_CLASS = 1000;

    /** Classifier epochs unless told otherwise (also {@code train --eval-every}'s). */
    static final int DEFAULT_CLASSIFIER_EPOCHS = 2;

    @Option(names = "--run", paramLabel = "DIR", required = true,
            description = "The run to evaluate: a run directory (its newest checkpoint), a checkpoint/ folder or a "
                    + "checkpoint file.")
    Path run;

    @Option(names = "--samples-per-class", paramLabel = "N", defaultValue = "1000",
            description = "Generated samples per class. Default: ${DEFAULT-VALUE}.")
    int samplesPerClass;

    @Option(names = "--classifier-epochs", paramLabel = "N", defaultValue = "2",
            description = "Passes over the real training data when the classifier is trained. Default: "
                    + "${DEFAULT-VALUE}.")
    int classifierEpochs;

    @Option(names = "--classifier-cache", paramLabel = "DIR",
            description = "Where trained classifiers are kept. Default: $XDG_CACHE_HOME/cgan/classifiers, else "
                    + "~/.cache/cgan/classifiers.")
    Path cache;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the classifier's training and of the generated samples. Default: "
                    + "${DEFAULT-VALUE}.")
    long seed;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    private final Injector injector;

    @Inject
    EvaluateCommand(Injector injector) {
        this.injector = injector;
    }

    @Override
    public Integer call() {
        if (samplesPerClass < 2) {
            throw new UsageException("--samples-per-class must be at least 2, got " + samplesPerClass);
        }
        if (classifierEpochs < 1) {
            throw new UsageException("--classifier-epochs must be at least 1, got " + classifierEpochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainingSnapshot snapshot;
        GeneratorCheckpoint weights; // the moving average of an --ema run, else the trained generator
        Path file;
        try {
            file = CheckpointFile.locate(run);
            snapshot = CheckpointFile.read(file);
            weights = GeneratorCheckpoint.read(file);
        } catch (CheckpointException e) {
            throw new UsageException("--run " + run + ": " + e.getMessage(), e);
        }
        EvaluationData data = EvaluationData.of(snapshot.info());
        ModelSpec model;
        try {
            model = ModelCatalog.byName(snapshot.info().config().model(), data.train().numClasses(),
                    data.train().channels());
        } catch (IllegalArgumentException e) {
            throw new UsageException(file + ": " + e.getMessage(), e);
        }
        Path runDirectory = TrainCommand.runOf(file);
        Path target = runDirectory.resolve(EVALUATION_FILE);
        if (!Files.isWritable(runDirectory)) {
            throw new UsageException("run directory " + runDirectory + " is not writable; evaluation.json goes there");
        }

        Injector backends = injector.createChildInjector(new BackendModule(main.globalOptions()));
        Backend backend = backends.getInstance(Backend.class);
        Device device = backends.getInstance(Device.class);
        out.printf("Evaluating %s (%s, iteration %d%s) on %s/%s%n", file, model.name(), snapshot.info().iteration(),
                weights.averaged() ? ", EMA weights" : "", backend.name(), device.id());
        out.flush();
        Evaluator.Settings settings = new Evaluator.Settings(samplesPerClass, classifierEpochs, seed,
                cache != null ? cache : ClassifierCache.defaultDirectory());
        Evaluation evaluation;
        try (ComputeContext context = backend.open(device, backends.getInstance(BackendOptions.class))) {
            Generator generator = new Generator(context, model);
            generator.network().state().forEach((name, tensor) -> {
                StoredTensor stored = weights.tensors().get(name);
                if (stored == null || !stored.shape().equals(tensor.shape())) {
                    throw new UsageException(file + " does not hold " + name + " of " + model.name()
                            + " with shape " + tensor.shape() + "; is it a checkpoint of another model?");
                }
                tensor.copyFrom(stored.floats());
            });
            Evaluator evaluator = new Evaluator(context, data.train(), data.test(), settings, line -> {
                out.println(line);
                out.flush();
            });
            evaluation = evaluator.evaluate(generator, model, snapshot.info().iteration());
        }
        out.println();
        out.print(evaluation.toTable());
        write(target, evaluation.toJson());
        out.println("Wrote " + target);
        out.flush();
        return ExitCodes.OK;
    }

    private static void write(Path target, String json) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), EVALUATION_FILE, ".tmp");
            try {
                Files.writeString(tmp, json, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
