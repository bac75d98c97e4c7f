package dev.cgan.cli;

import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.output.RunDirectory;
import dev.cgan.onnx.OnnxExport;
import dev.cgan.onnx.OnnxFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli export}: writes a run's generator alone, for use outside cgan. Needs no backend.
 * <ul>
 *   <li>{@code --format safetensors} (the default): the weights under the seed's PyTorch names, with model, classes
 *       and noise size in the metadata.</li>
 *   <li>{@code --format onnx}: the generator in evaluation mode as an ONNX model (see {@link OnnxFormat}), the
 *       class names in its metadata.</li>
 * </ul>
 */
@Command(name = "export", sortOptions = false,
        description = {
            "Writes the generator as safetensors under the seed's PyTorch state_dict names (generator.0.weight, ...) "
                    + "with metadata model, classes, z_dim, channels, image_size, iteration.",
            "PyTorch: Generator(z_dim, len(classes), channels, model).load_state_dict(tensors, strict=True); "
                    + "see cgan-conformance/reference/reproduce_export.py.",
            "--format onnx writes the generator in eval mode as an ONNX model (opset 13): inputs z [N, z_dim] and "
                    + "one-hot label [N, classes], output image [N, channels, size, size]; class names in its "
                    + "metadata."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory: its newest checkpoint is exported.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint file to export.")
    Path checkpoint;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "safetensors (the weights, for PyTorch) or onnx (the generator as an ONNX model). "
                    + "Default: ${DEFAULT-VALUE}.")
    String format = "safetensors";

    @Option(names = "--out", paramLabel = "FILE",
            description = "Output file. Default: <run>/generator.safetensors, or <run>/generator.onnx with --format onnx.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean onnx = onnx();
        Path source = GeneratorSource.path(run, checkpoint);
        GeneratorCheckpoint generator = GeneratorSource.read(source);
        RunDirectory runDir = RunDirectory.at(GeneratorSource.runDirectory(source));
        Path target = out != null ? out : onnx ? runDir.exportedOnnx() : runDir.exportedGenerator();
        if (Files.isDirectory(target)) {
            throw new UsageException("--out " + target + " is a directory; name the file to write");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("--out " + target + ": folder " + parent + " does not exist");
        }
        if (onnx && generator.model().generator().isBlocks()) {
            throw new UsageException("--format onnx does not support " + generator.model().name()
                    + "'s residual generator yet; export it as safetensors (the default --format)");
        }
        PrintWriter o = spec.commandLine().getOut();
        if (onnx) {
            try {
                OnnxExport.write(generator, target);
            } catch (IOException e) {
                throw new UsageException("cannot write " + target + ": " + CliErrors.oneLine(String.valueOf(
                        e.getMessage())), e);
            }
            GenerateCommand.refreshRunPage(runDir);
            ModelSpec m = generator.model();
            o.printf(Locale.ROOT, "Exported the %s generator (iteration %d%s, %d classes) as ONNX (opset %d, eval "
                            + "mode): %s [N, %d] and %s [N, %d] to %s [N, %d, %d, %d], into %s%n", m.name(),
                    generator.iteration(), weightsNote(generator), m.numClasses(), OnnxFormat.OPSET, OnnxFormat.NOISE, m.zDim(),
                    OnnxFormat.LABEL, m.numClasses(), OnnxFormat.IMAGE, m.channels(), m.imageSize(), m.imageSize(),
                    target);
            o.flush();
            return ExitCodes.OK;
        }
        try {
            generator.export(target);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
        GenerateCommand.refreshRunPage(runDir);
        o.printf("Exported the %s generator (iteration %d%s, %d classes, z %d, %d tensors) to %s%n",
                generator.model().name(), generator.iteration(), weightsNote(generator), generator.classNames().size(),
                generator.model().zDim(), generator.tensors().size(), target);
        o.flush();
        return ExitCodes.OK;
    }

    /** ", EMA weights" for a moving average of the generator (see docs/EMA.md), else nothing. */
    private static String weightsNote(GeneratorCheckpoint generator) {
        return generator.averaged() ? ", EMA weights" : "";
    }

    /** Whether {@code --format} asks for ONNX; anything but the two formats is the user's mistake. */
    private boolean onnx() {
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("safetensors") && !f.equals("onnx")) {
            throw new UsageException("unknown --format '" + format + "': use safetensors or onnx");
        }
        return f.equals("onnx");
    }
}
