package dev.cgan.core.checkpoint;

import dev.cgan.core.safetensors.SafeTensorsFile;
import dev.cgan.core.safetensors.SafeTensorsFormatException;
import dev.cgan.core.safetensors.SafeTensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One checkpoint file: a safetensors container with the {@link StateDict} tensors and the {@link CheckpointInfo} in
 * {@code __metadata__}. Writing is atomic; reading validates the container and the metadata and fails with one line.
 */
public final class CheckpointFile {

    /** The extension of checkpoint files. */
    public static final String EXTENSION = ".safetensors";

    private CheckpointFile() {
    }

    /**
     * Writes {@code snapshot} to {@code file} atomically: the file is either the complete new checkpoint or whatever
     * was there before.
     *
     * @throws CheckpointException if it cannot be written (the message names the file and the reason)
     */
    public static void write(Path file, TrainingSnapshot snapshot) {
        SafeTensorsWriter writer = new SafeTensorsWriter().metadata(snapshot.info().toMetadata());
        snapshot.tensors().forEach(writer::put);
        try {
            AtomicWrite.write(file, writer::writeTo);
        } catch (IOException e) {
            throw new CheckpointException("cannot write checkpoint " + file + ": " + reason(e), e);
        }
    }

    /**
     * Reads a checkpoint: the container, its metadata, and that every tensor is there exactly once. Whether the tensors
     * fit a model is checked when they are {@link StateDict#restore restored}.
     *
     * @throws CheckpointException if the file is missing, truncated, corrupt or not a cgan checkpoint
     */
    public static TrainingSnapshot read(Path file) {
        SafeTensorsFile contents;
        try {
            contents = SafeTensorsFile.read(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        } catch (SafeTensorsFormatException e) {
            throw new CheckpointException("checkpoint " + file + " is corrupt or truncated (" + e.getMessage()
                    + "); use an earlier checkpoint or start a new run", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + reason(e), e);
        }
        CheckpointInfo info = CheckpointInfo.fromMetadata(contents.metadata(), "checkpoint " + file);
        return new TrainingSnapshot(info, contents.tensors());
    }

    /**
     * The checkpoint a user means by {@code path}: the file itself, or the newest checkpoint in a checkpoint folder or
     * in the {@code checkpoint/} folder of a run directory.
     *
     * @throws CheckpointException if there is none
     */
    public static Path locate(Path path) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new CheckpointException("checkpoint " + path + " does not exist");
        }
        for (Path folder : new Path[] {path, path.resolve(CheckpointStore.DIRECTORY_NAME)}) {
            var latest = new CheckpointStore(folder).latest();
            if (latest.isPresent()) {
                return latest.get();
            }
        }
        throw new CheckpointException(path + " holds no checkpoint (no iter-*" + EXTENSION + " in it or in its "
                + CheckpointStore.DIRECTORY_NAME + "/ folder)");
    }

    /**
     * What went wrong, in the operating system's words where it gave some ("No space left on device"); the JDK's
     * message alone is often just a path.
     */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or directory (" + n.getFile() + ")";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
