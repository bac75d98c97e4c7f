package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.BackendRegistry;
import dev.cgan.api.DeviceKind;
import dev.cgan.api.RequiredBackends;
import dev.cgan.api.tensor.Shape;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.safetensors.SafeTensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input a user can give {@code cgan-cli train} — data, checkpoints to resume, output folders, devices — ends
 * with one line on stderr naming the problem, a non-zero exit code, and nothing half-written: a refused run leaves no
 * run directory behind and changes nothing in the run it was asked to resume. Runs here use {@link ToyBackend}, which
 * trains in milliseconds.
 */
class BadInputTest {

    @TempDir
    Path dir;

    // --- data ---------------------------------------------------------------------------------------------------

    @Test
    void aTruncatedImageFile() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path images = data.resolve("train-images-idx3-ubyte");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(all, all.length - 500));
        assertRefusedWithoutOutput(ExitCodes.USAGE, "train", "--data", data.toString(), "--out", out());
        assertErrorLine(images + " is truncated");
    }

    @Test
    void aFileThatIsNotIdx() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path labels = data.resolve("train-labels-idx1-ubyte");
        Files.writeString(labels, "<html>404 Not Found</html>");
        assertRefusedWithoutOutput(ExitCodes.USAGE, "train", "--data", data.toString(), "--out", out());
        assertErrorLine(labels + " is not an IDX file");
    }

    @Test
    void imageAndLabelCountsThatDiffer() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Files.write(data.resolve("train-labels-idx1-ubyte"), ToyBackend.idx(new int[] {63}, new byte[63]));
        assertRefusedWithoutOutput(ExitCodes.USAGE, "train", "--data", data.toString(), "--out", out());
        assertErrorLine("holds 64 images but", "holds 63 labels; they must come from the same split");
    }

    @Test
    void aLabelBeyondTheNamedClasses() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64); // labels 0..9
        Files.writeString(data.resolve("classes.txt"), "shirt\nshoe\n");
        assertRefusedWithoutOutput(ExitCodes.USAGE, "train", "--data", data.toString(), "--out", out());
        assertErrorLine("has label 2 at index 2 but only 2 classes are named (0..1)");
    }

    @Test
    void imagesWithoutTheirLabels() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Files.delete(data.resolve("train-labels-idx1-ubyte"));
        assertRefusedWithoutOutput(ExitCodes.USAGE, "train", "--data", data.toString(), "--out", out());
        assertErrorLine("holds train-images-idx3-ubyte but not its labels");
    }

    // --- checkpoints to resume ------------------------------------------------------------------------------------

    @Test
    void aFileThatIsNotACheckpoint() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        byte[] noise = new byte[4096];
        new java.util.Random(3).nextBytes(noise);
        Path file = Files.write(dir.resolve("noise.safetensors"), noise);
        assertRefusedWithoutOutput(ExitCodes.USAGE, train(data, "--resume", file.toString(), "--out", out()));
        assertErrorLine("checkpoint " + file + " is corrupt or truncated");
    }

    @Test
    void aTruncatedCheckpoint() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path checkpoint = trainedRun(data, "dcgan32");
        Path cut = dir.resolve("cut.safetensors");
        byte[] all = Files.readAllBytes(checkpoint);
        Files.write(cut, Arrays.copyOf(all, all.length / 3));
        assertRefusedWithoutOutput(ExitCodes.USAGE, train(data, "--resume", cut.toString(), "--out", out()));
        assertErrorLine("checkpoint " + cut + " is corrupt or truncated");
    }

    @Test
    void aSafetensorsFileOfAnotherModel() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path foreign = dir.resolve("model.safetensors");
        new SafeTensorsWriter().metadata("format", "pt")
                .putFloats("encoder.layer.0.weight", Shape.of(4, 4), new float[16]).writeTo(foreign);
        assertRefusedWithoutOutput(ExitCodes.USAGE, train(data, "--resume", foreign.toString(), "--out", out()));
        assertErrorLine("checkpoint " + foreign + " is a safetensors file but not a cgan checkpoint");
    }

    @Test
    void aDcgan64CheckpointResumedAsDcgan32LeavesTheRunUntouched() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path checkpoint = trainedRun(data, "dcgan64");
        Path run = checkpoint.getParent().getParent();
        Map<Path, byte[]> before = contents(run);

        CliRun r = CliRun.of(ToyBackend.only(), train(data, "--model", "dcgan32", "--steps", "10", "--resume",
                run.toString()));

        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertOneLine(r, "was trained with model dcgan64 but this run has dcgan32; resume with the same --model");
        Map<Path, byte[]> after = contents(run);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed");
        before.forEach((file, bytes) -> assertArrayEquals(bytes, after.get(file), file + " unchanged"));
    }

    // --- output ---------------------------------------------------------------------------------------------------

    @Test
    void anOutputPathBelowARegularFile() throws Exception {
        // Fails for every user, root included: no directory can be made inside a file.
        Path file = Files.writeString(dir.resolve("notes.txt"), "a file");
        Path out = file.resolve("run");
        assertRefusedWithoutOutput(ExitCodes.USAGE, "train", "--out", out.toString());
        assertErrorLine("cannot create run directory " + out);
    }

    @Test
    void aReadOnlyOutputDirectory() throws Exception {
        Path parent = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(parent), "running as root, which ignores permissions (see "
                    + "anOutputPathBelowARegularFile for the case that fails for root too)");
            Path out = parent.resolve("run");
            assertRefusedWithoutOutput(ExitCodes.USAGE, "train", "--out", out.toString());
            assertErrorLine("cannot create run directory " + out, "permission denied");
        } finally {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // --- backend and device ---------------------------------------------------------------------------------------

    @Test
    void aGpuWhereTheBackendHasNone() throws Exception {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        assumeTrue(djl.get().devices().stream().noneMatch(d -> d.kind() == DeviceKind.GPU),
                "this machine has a GPU that DJL can use");
        Path out = dir.resolve("run");

        r = CliRun.installed("--backend", "djl", "--device", "gpu", "train", "--out", out.toString());

        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode(), r.err());
        assertErrorLine("no device gpu", "cpu");
        assertTrue(Files.notExists(out), "no run directory");
    }

    // --- divergence -----------------------------------------------------------------------------------------------

    @Test
    void anAbsurdLearningRateEndsAsDivergedWithAdvice() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path out = dir.resolve("run");
        r = CliRun.of(ToyBackend.only(), train(data, "--lr", "1e38", "--steps", "20", "--checkpoint-every", "1",
                "--out", out.toString()));

        assertEquals(ExitCodes.DIVERGED, r.exitCode(), r.err());
        assertErrorLine("training diverged: ", "try a lower learning rate than ", "e.g. --lr 5E+37");
        try (Stream<Path> files = Files.list(out.resolve("checkpoint"))) {
            for (Path checkpoint : files.toList()) {
                CheckpointFile.read(checkpoint).tensors().values().stream()
                        .filter(t -> t.dtype() == dev.cgan.core.safetensors.DType.F32)
                        .forEach(t -> {
                            for (float v : t.floats()) {
                                assertTrue(Float.isFinite(v), checkpoint + " holds only finite numbers");
                            }
                        });
            }
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private CliRun r;

    private String out() {
        return dir.resolve("run").toString();
    }

    private void assertRefusedWithoutOutput(int exitCode, String... args) {
        r = CliRun.of(ToyBackend.only(), args);
        assertEquals(exitCode, r.exitCode(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        assertTrue(Files.notExists(dir.resolve("run")), "a refused run leaves no run directory");
    }

    private void assertErrorLine(String... parts) {
        assertOneLine(r, parts);
    }

    private static void assertOneLine(CliRun r, String... parts) {
        assertEquals(1, r.errLines().size(), "one line on stderr:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith(CliErrors.PREFIX), line);
        for (String part : parts) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
        System.out.println("[error line] " + line);
    }

    private static String[] train(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--batch-size", "8",
                "--samples-per-class", "1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Trains {@code model} for 2 iterations and returns its checkpoint. */
    private Path trainedRun(Path data, String model) throws IOException {
        Path run = dir.resolve("trained-" + model);
        CliRun trained = CliRun.of(ToyBackend.only(), train(data, "--model", model, "--steps", "2", "--out",
                run.toString()));
        assertEquals(0, trained.exitCode(), trained.err());
        try (Stream<Path> files = Files.list(run.resolve("checkpoint"))) {
            return files.filter(p -> p.toString().endsWith(".safetensors")).findFirst().orElseThrow();
        }
    }

    private static Map<Path, byte[]> contents(Path root) throws IOException {
        Map<Path, byte[]> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return all;
    }
}
