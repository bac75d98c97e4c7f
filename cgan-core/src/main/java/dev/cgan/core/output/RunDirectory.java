package dev.cgan.core.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The layout of one run's outputs, and the check that it can be written:
 * <pre>
 * &lt;run&gt;/
 *   samples/iter-000000.png … samples/final.png   sample grids
 *   checkpoint/                                    weights, optimizer and RNG state
 *   loss.png                                       loss curves
 *   metrics.jsonl                                  one JSON line per iteration
 *   summary.json                                   how the run went
 *   samples/evolution.png, samples/evolution.gif   the grids over training, as a strip and an animation
 *   index.html                                     a page showing all of it
 * </pre>
 * {@link #prepare(Path)} creates the directories and proves they are writable before training starts, so that a bad
 * {@code --out} fails in the first second with one line rather than after the first sample interval.
 */
public final class RunDirectory {

    private final Path root;
    /** The folders {@link #prepare(Path)} created, deepest last: the only ones {@link #deleteIfEmpty()} may remove. */
    private final List<Path> created = new ArrayList<>();

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates (or reuses) the run directory at {@code root} with its {@code samples/} and {@code checkpoint/}
     * folders, and checks that files can be created in it.
     *
     * @throws RunDirectoryException with a one-line reason when the directory cannot be used
     */
    public static RunDirectory prepare(Path root) {
        RunDirectory dir = new RunDirectory(root);
        for (Path folder : new Path[] {root, dir.samples(), dir.checkpoint()}) {
            if (!Files.exists(folder)) {
                dir.created.add(folder);
            }
            createFolder(root, folder);
        }
        probeWritable(root, root);
        probeWritable(root, dir.samples());
        probeWritable(root, dir.checkpoint());
        return dir;
    }

    /** The layout under {@code root}, without touching the disk (for reading a finished run). */
    public static RunDirectory at(Path root) {
        return new RunDirectory(root);
    }

    /** The run directory itself. */
    public Path root() {
        return root;
    }

    /** The folder of sample grids. */
    public Path samples() {
        return root.resolve("samples");
    }

    /** The folder of checkpoints. */
    public Path checkpoint() {
        return root.resolve("checkpoint");
    }

    /** The loss plot. */
    public Path lossPlot() {
        return root.resolve("loss.png");
    }

    /** The per-iteration metrics. */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** The run summary. */
    public Path summary() {
        return root.resolve("summary.json");
    }

    /** The sample grid after {@code iteration}: {@code samples/iter-000500.png} (six digits sort well in a listing). */
    public Path sample(long iteration) {
        return samples().resolve(String.format(Locale.ROOT, "iter-%06d.png", iteration));
    }

    /** The fixed-noise grids of the run side by side, oldest first ({@link Evolution}). */
    public Path evolutionStrip() {
        return samples().resolve("evolution.png");
    }

    /** The fixed-noise grids of the run as an animated GIF ({@link Evolution}). */
    public Path evolutionGif() {
        return samples().resolve("evolution.gif");
    }

    /** The run's web page ({@link RunPage}). */
    public Path page() {
        return root.resolve("index.html");
    }

    /** The plot of evaluation figures over training, when the run was evaluated. */
    public Path evalPlot() {
        return root.resolve("eval.png");
    }

    /** The default folder of {@code cgan-cli generate}. */
    public Path generated() {
        return root.resolve("generated");
    }

    /** The default file of {@code cgan-cli export}: the generator alone, under PyTorch's names. */
    public Path exportedGenerator() {
        return root.resolve("generator.safetensors");
    }

    /** The default file of {@code cgan-cli export --format onnx}: the generator as an ONNX model. */
    public Path exportedOnnx() {
        return root.resolve("generator.onnx");
    }

    /** The last sample grid of the run. */
    public Path finalSample() {
        return samples().resolve("final.png");
    }

    /**
     * Removes the folders {@link #prepare(Path)} created, as long as they are still empty: a run refused before it
     * started (its backend would not open, say) leaves no empty run behind, and a directory the user made is kept.
     * Never deletes a file; failures are ignored, since this only tidies up after another error.
     */
    public void deleteIfEmpty() {
        try {
            for (int i = created.size() - 1; i >= 0; i--) {
                Path folder = created.get(i);
                if (Files.isDirectory(folder)) {
                    try (var entries = Files.list(folder)) {
                        if (entries.findAny().isPresent()) {
                            return;
                        }
                    }
                    Files.delete(folder);
                }
            }
        } catch (IOException e) {
            // Leave whatever is there; the error that led here is the one to report.
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static void createFolder(Path root, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new RunDirectoryException("cannot use run directory " + root + ": " + folder
                    + " exists and is not a directory");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new RunDirectoryException("cannot create run directory " + root + ": " + reason(e), e);
        }
    }

    private static void probeWritable(Path root, Path folder) {
        // Files.isWritable answers from permission bits only; creating a file also catches read-only mounts,
        // full disks and ACLs.
        try {
            Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new RunDirectoryException("cannot write to run directory " + root + ": " + reason(e), e);
        }
    }

    /** A short human reason for an I/O failure; the JDK's messages for these are often just the path. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory (" + n.getFile() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT) + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
