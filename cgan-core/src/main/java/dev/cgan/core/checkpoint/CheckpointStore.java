package dev.cgan.core.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's folder of checkpoints, {@code iter-000001200.safetensors} and so on. Saving writes the new checkpoint
 * atomically under its own name and only then deletes the older ones, so at every moment at least one complete
 * checkpoint exists once the first has been written.
 */
public final class CheckpointStore {

    /** The folder name of checkpoints inside a run directory. */
    public static final String DIRECTORY_NAME = "checkpoint";

    private static final Pattern NAME = Pattern.compile("iter-(\\d{9,18})\\.safetensors");

    /** A temporary file of {@link AtomicWrite} for a checkpoint, left behind when a process died during a save. */
    private static final Pattern ABANDONED = Pattern.compile("\\.iter-\\d{9,18}\\.safetensors.*\\.tmp");

    private final Path directory;

    /** The checkpoints in {@code directory} (created on the first save). */
    public CheckpointStore(Path directory) {
        this.directory = directory;
    }

    /** The folder. */
    public Path directory() {
        return directory;
    }

    /** The file of the checkpoint after {@code iteration}. */
    public Path pathFor(long iteration) {
        return directory.resolve(String.format(Locale.ROOT, "iter-%09d", iteration) + CheckpointFile.EXTENSION);
    }

    /**
     * Writes {@code snapshot} as the newest checkpoint, then removes older ones.
     *
     * @return the new checkpoint's path
     * @throws CheckpointException if it cannot be written; earlier checkpoints are then kept
     */
    public Path save(TrainingSnapshot snapshot) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CheckpointException("cannot create checkpoint folder " + directory + ": "
                    + CheckpointFile.reason(e), e);
        }
        Path target = pathFor(snapshot.info().iteration());
        CheckpointFile.write(target, snapshot);
        for (Path old : list()) {
            if (!old.equals(target)) {
                deleteQuietly(old);
            }
        }
        deleteAbandonedTemporaryFiles();
        return target;
    }

    /** The newest checkpoint, if any. */
    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The checkpoints, oldest first. */
    public List<Path> list() {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot list checkpoint folder " + directory + ": "
                    + CheckpointFile.reason(e), e);
        }
        found.sort(Comparator.comparingLong(CheckpointStore::iterationOf));
        return found;
    }

    /**
     * Removes what a process killed in the middle of a save left: a partial checkpoint under a temporary name, as
     * large as a checkpoint. Only a run's own process saves into its folder, so once a save has completed no other
     * save is under way and every such file is abandoned.
     */
    private void deleteAbandonedTemporaryFiles() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                if (ABANDONED.matcher(p.getFileName().toString()).matches()) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            // Tidying only: the new checkpoint is complete either way.
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A file that cannot be removed costs disk space, not correctness.
        }
    }

    private static long iterationOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p.toString());
        }
        return Long.parseLong(m.group(1));
    }
}
