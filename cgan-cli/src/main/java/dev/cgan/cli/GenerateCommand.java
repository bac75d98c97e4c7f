package dev.cgan.cli;

import com.google.inject.Injector;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.generate.GenerationPlan;
import dev.cgan.core.generate.TrainedGenerator;
import dev.cgan.core.output.Evolution;
import dev.cgan.core.output.RunDirectory;
import dev.cgan.core.output.RunPage;
import dev.cgan.core.output.SampleGridImage;
import dev.cgan.core.output.SampleImages;
import dev.cgan.core.safetensors.SafeTensorsWriter;
import dev.cgan.core.train.SampleGrid;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli generate}: loads a trained generator onto the selected backend and generates images for chosen
 * labels, or walks between two labels (same noise) or two noises (same label). BatchNorm uses the running statistics,
 * as PyTorch's {@code G.eval()} (see {@link TrainedGenerator}).
 */
@Command(name = "generate", sortOptions = false,
        description = {
            "Generates images from a trained generator: --count per label (all labels unless --label), as PNG files "
                    + "or one --grid; or --interpolate from --label to --to-label (same noise) or from --seed to "
                    + "--to-seed (same label) in --steps.",
            "BatchNorm uses the running statistics saved in the checkpoint, as PyTorch's G.eval()."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory: its newest checkpoint is used.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A checkpoint file, or a generator written by 'cgan-cli export'.")
    Path checkpoint;

    @Option(names = "--label", paramLabel = "NAME|INDEX",
            description = "Class to generate, by name or index. Default: every class, one row each.")
    String label;

    @Option(names = "--count", paramLabel = "N", defaultValue = "8",
            description = "Images per label (rows of an interpolation). Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the noise; the same seed gives the same images. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: <run>/generated.")
    Path out;

    @Option(names = "--grid", description = "Write one grid image (grid.png), a row per label, instead of files.")
    boolean grid;

    @Option(names = "--interpolate",
            description = "Interpolate: from --label to --to-label with the same noise, or from --seed to --to-seed "
                    + "with the same label. Writes interpolation.png (a row per noise).")
    boolean interpolate;

    @Option(names = "--to-label", paramLabel = "NAME|INDEX", description = "The label an interpolation ends at.")
    String toLabel;

    @Option(names = "--to-seed", paramLabel = "S", description = "The noise seed an interpolation ends at.")
    Long toSeed;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "8",
            description = "Images along an interpolation, both ends included. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--dump-tensors", paramLabel = "FILE",
            description = "Also write the noise, labels and generated images as safetensors (for comparing with "
                    + "PyTorch: cgan-conformance/reference/reproduce_export.py).")
    Path dumpTensors;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    private final Injector injector;

    @Inject
    GenerateCommand(Injector injector) {
        this.injector = injector;
    }

    @Override
    public Integer call() {
        GlobalOptions global = main.globalOptions();
        Path source = GeneratorSource.path(run, checkpoint);
        checkNumbers();
        GeneratorCheckpoint weights = GeneratorSource.read(source);
        List<String> classes = weights.classNames();
        GenerationPlan plan = plan(classes, weights.model().zDim());
        RunDirectory runDir = RunDirectory.at(GeneratorSource.runDirectory(source));
        Path folder = out != null ? out : runDir.generated();
        prepare(folder);
        if (dumpTensors != null) {
            prepare(dumpTensors.toAbsolutePath().getParent());
        }

        Injector computing = injector.createChildInjector(new BackendModule(global));
        Backend backend = computing.getInstance(Backend.class);
        Device device = computing.getInstance(Device.class);
        float[] images;
        try (ComputeContext context = backend.open(device, computing.getInstance(BackendOptions.class))) {
            images = new TrainedGenerator(context, weights).generate(plan.noise(), plan.labels(), plan.count());
        }
        int channels = weights.model().channels();
        int size = weights.model().imageSize();
        List<Path> written = new ArrayList<>();
        if (interpolate || grid) {
            Path file = folder.resolve(interpolate ? "interpolation.png" : "grid.png");
            SampleGridImage.write(new SampleGrid(weights.iteration(), plan.rowNames(), plan.columns(), channels, size,
                    images), file);
            written.add(file);
        } else {
            for (int i = 0; i < plan.count(); i++) {
                Path file = folder.resolve(plan.files().get(i));
                SampleImages.write(images, i, channels, size, file);
                written.add(file);
            }
        }
        if (dumpTensors != null) {
            dump(weights, plan, images);
        }
        refreshRunPage(runDir);

        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "Generated %d image%s with %s (iteration %d%s, %s on %s, BatchNorm in eval mode) into "
                        + "%s%n", plan.count(), plan.count() == 1 ? "" : "s", weights.model().name(), weights.iteration(),
                weights.averaged() ? ", EMA weights" : "", backend.name(), device.id(),
                written.size() == 1 ? written.get(0) : folder);
        if (dumpTensors != null) {
            o.println("Noise, labels and images in " + dumpTensors);
        }
        o.flush();
        return ExitCodes.OK;
    }

    private void checkNumbers() {
        if (count < 1) {
            throw new UsageException("--count must be at least 1, got " + count);
        }
        if (steps < 2) {
            throw new UsageException("--steps must be at least 2, got " + steps);
        }
        if (interpolate) {
            if ((toLabel == null) == (toSeed == null)) {
                throw new UsageException("--interpolate needs --to-label (same noise) or --to-seed (same label), "
                        + "one of them");
            }
            if (label == null) {
                throw new UsageException("--interpolate needs --label, the label it starts at (or keeps)");
            }
        } else if (toLabel != null || toSeed != null) {
            throw new UsageException("--to-label and --to-seed go with --interpolate");
        }
    }

    private GenerationPlan plan(List<String> classes, int zDim) {
        if (interpolate && toLabel != null) {
            return GenerationPlan.betweenLabels(labelIndex(label, classes), labelIndex(toLabel, classes), classes,
                    steps, count, seed, zDim);
        }
        if (interpolate) {
            return GenerationPlan.betweenSeeds(labelIndex(label, classes), classes, seed, toSeed, steps, count, zDim);
        }
        List<Integer> labels = new ArrayList<>();
        if (label != null) {
            labels.add(labelIndex(label, classes));
        } else {
            for (int c = 0; c < classes.size(); c++) {
                labels.add(c);
            }
        }
        return GenerationPlan.samples(labels, classes, count, seed, zDim);
    }

    /** A class by its name (exact, else ignoring case) or its index. */
    static int labelIndex(String given, List<String> classes) {
        String g = given.strip();
        int exact = classes.indexOf(g);
        if (exact >= 0) {
            return exact;
        }
        for (int c = 0; c < classes.size(); c++) {
            if (classes.get(c).equalsIgnoreCase(g)) {
                return c;
            }
        }
        if (g.matches("\\d{1,9}")) {
            int index = Integer.parseInt(g);
            if (index < classes.size()) {
                return index;
            }
        }
        throw new UsageException("unknown label '" + given + "': the classes are " + String.join(", ", classes)
                + " (or their indices 0.." + (classes.size() - 1) + ")");
    }

    private static void prepare(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UsageException("cannot write to " + folder + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    private void dump(GeneratorCheckpoint weights, GenerationPlan plan, float[] images) {
        var m = weights.model();
        SafeTensorsWriter w = new SafeTensorsWriter()
                .putFloats("noise", Shape.of(plan.count(), m.zDim()), plan.noise())
                .putFloats("labels", Shape.of(plan.count(), m.numClasses()), plan.labels())
                .putFloats("images", Shape.of(plan.count(), m.channels(), m.imageSize(), m.imageSize()), images)
                .metadata("model", m.name())
                .metadata("checkpoint", weights.source().toString())
                .metadata("iteration", Long.toString(weights.iteration()));
        try {
            w.writeTo(dumpTensors);
        } catch (IOException e) {
            throw new UsageException("cannot write " + dumpTensors + ": " + e.getMessage(), e);
        }
    }

    /** A finished run's page shows the newest grid; runs without a summary (or foreign folders) are left alone. */
    static void refreshRunPage(RunDirectory runDir) {
        if (Files.isRegularFile(runDir.summary()) && Files.isWritable(runDir.root())) {
            Evolution.write(runDir);
            RunPage.write(runDir);
        }
    }
}
