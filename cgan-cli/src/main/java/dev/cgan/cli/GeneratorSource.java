package dev.cgan.cli;

import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --run DIR} / {@code --checkpoint FILE} pair of {@code generate} and {@code export}: exactly one of them
 * names the generator to load, and the run directory it belongs to receives the outputs by default.
 */
final class GeneratorSource {

    private GeneratorSource() {
    }

    /** The file or directory to read the generator from. */
    static Path path(Path run, Path checkpoint) {
        if ((run == null) == (checkpoint == null)) {
            throw new UsageException("give --run DIR or --checkpoint FILE (one of them)");
        }
        if (run != null && !Files.isDirectory(run)) {
            throw new UsageException("--run " + run + ": no such directory");
        }
        if (checkpoint != null && !Files.isRegularFile(checkpoint)) {
            throw new UsageException("--checkpoint " + checkpoint + ": no such file");
        }
        return run != null ? run : checkpoint;
    }

    /** Reads the generator; a missing, corrupt or foreign file is the user's input error. */
    static GeneratorCheckpoint read(Path path) {
        try {
            return GeneratorCheckpoint.read(path);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The run directory that {@code path} (a run, its checkpoint folder, or a file in either) belongs to. */
    static Path runDirectory(Path path) {
        return Files.isDirectory(path) && !path.getFileName().toString().equals("checkpoint") ? path
                : TrainCommand.runOf(path);
    }
}
