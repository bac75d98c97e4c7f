package dev.cgan.cli;

import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.output.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli export}: writes a run's generator alone as safetensors under the seed's PyTorch names, with its
 * model, classes and noise size in the metadata, for use outside cgan. Needs no backend.
 */
@Command(name = "export", sortOptions = false,
        description = {
            "Writes the generator as safetensors under the seed's PyTorch state_dict names (generator.0.weight, ...) "
                    + "with metadata model, classes, z_dim, channels, image_size, iteration.",
            "PyTorch: Generator(z_dim, len(classes), channels, model).load_state_dict(tensors, strict=True); "
                    + "see cgan-conformance/reference/reproduce_export.py."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory: its newest checkpoint is exported.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint file to export.")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file. Default: <run>/generator.safetensors.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path source = GeneratorSource.path(run, checkpoint);
        GeneratorCheckpoint generator = GeneratorSource.read(source);
        RunDirectory runDir = RunDirectory.at(GeneratorSource.runDirectory(source));
        Path target = out != null ? out : runDir.exportedGenerator();
        if (Files.isDirectory(target)) {
            throw new UsageException("--out " + target + " is a directory; name the file to write");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("--out " + target + ": folder " + parent + " does not exist");
        }
        try {
            generator.export(target);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
        GenerateCommand.refreshRunPage(runDir);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("Exported the %s generator (iteration %d, %d classes, z %d, %d tensors) to %s%n",
                generator.model().name(), generator.iteration(), generator.classNames().size(),
                generator.model().zDim(), generator.tensors().size(), target);
        o.flush();
        return ExitCodes.OK;
    }
}
