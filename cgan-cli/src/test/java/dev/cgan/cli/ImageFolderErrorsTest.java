package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Backend;
import dev.cgan.core.fakes.CpuOnlyBackend;
import dev.cgan.core.fakes.ToyContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad image folders and bad generate/export requests: one line on stderr, exit 2, no run directory left behind. */
class ImageFolderErrorsTest {

    private static final List<Backend> TOY = List.of(
            new CpuOnlyBackend("toy", 1, "deterministic host stand-in", (backend, device) -> new ToyContext()));

    @TempDir
    Path dir;

    private CliRun train(Path data) {
        return CliRun.of(TOY, "train", "--model", "dcgan64", "--data", data.toString(), "--steps", "1",
                "--batch-size", "2", "--out", dir.resolve("run").toString());
    }

    private void assertRefused(CliRun r, String expected) {
        assertEquals(2, r.exitCode(), r::err);
        assertEquals(1, r.errLines().size(), r::err);
        assertTrue(r.err().startsWith("cgan-cli: error: "), r::err);
        assertTrue(r.err().contains(expected), () -> "says '" + expected + "': " + r.err());
        assertFalse(Files.exists(dir.resolve("run")), "no run directory left behind");
    }

    @Test
    void badTreesAreRefused() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("loose.txt"), "x");
        assertRefused(train(data), "holds neither MNIST-format files");

        ImageFolders.threeClasses(dir.resolve("one"), 1);
        Path one = dir.resolve("one");
        deleteTree(one.resolve("squares"));
        deleteTree(one.resolve("stripes"));
        assertRefused(train(one), "has only one class folder (disks); a conditional GAN needs at least two classes");

        Path tree = ImageFolders.threeClasses(dir.resolve("tree"), 1);
        Files.createDirectories(tree.resolve("empty"));
        assertRefused(train(tree), "class folder " + tree.resolve("empty") + " holds no PNG or JPEG file");

        Files.writeString(tree.resolve("empty/broken.jpg"), "not a jpeg");
        assertRefused(train(tree), "class folder " + tree.resolve("empty") + " has no readable PNG or JPEG image");
    }

    @Test
    void skippedFilesAreWarnedAboutAndTrainingGoesOn() throws IOException {
        Path tree = ImageFolders.threeClasses(dir.resolve("tree"), 2);
        Files.writeString(tree.resolve("disks/notes.txt"), "about disks");
        Files.write(tree.resolve("squares/cut.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        CliRun r = train(tree);
        assertEquals(0, r.exitCode(), r::err);
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::err);
        assertTrue(lines.get(0).startsWith("cgan-cli: warning: skipped: " + tree.resolve("disks/notes.txt")
                + " is not a .png, .jpg or .jpeg file"), lines.get(0));
        assertTrue(lines.get(1).startsWith("cgan-cli: warning: skipped: " + tree.resolve("squares/cut.png")
                + " is not a readable png image"), lines.get(1));
    }

    @Test
    void generateAndExportRefuseBadRequests() throws IOException {
        Path tree = ImageFolders.threeClasses(dir.resolve("tree"), 2);
        Path run = dir.resolve("trained");
        assertEquals(0, CliRun.of(TOY, "train", "--model", "dcgan32", "--data", tree.toString(), "--steps", "1",
                "--batch-size", "2", "--out", run.toString()).exitCode());

        assertOneLine(CliRun.of(TOY, "generate", "--run", run.toString(), "--label", "cats"),
                "unknown label 'cats': the classes are disks, squares, stripes (or their indices 0..2)");
        assertOneLine(CliRun.of(TOY, "generate", "--run", run.toString(), "--checkpoint", "x"),
                "give --run DIR or --checkpoint FILE (one of them)");
        assertOneLine(CliRun.of(TOY, "generate", "--run", dir.resolve("nowhere").toString()),
                "--run " + dir.resolve("nowhere") + ": no such directory");
        assertOneLine(CliRun.of(TOY, "generate", "--run", run.toString(), "--interpolate", "--label", "0"),
                "--interpolate needs --to-label (same noise) or --to-seed (same label), one of them");
        assertOneLine(CliRun.of(TOY, "generate", "--run", run.toString(), "--count", "0"),
                "--count must be at least 1, got 0");
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "junk");
        assertOneLine(CliRun.of(TOY, "export", "--checkpoint", junk.toString()), "is corrupt or truncated");
        assertOneLine(CliRun.of(TOY, "export", "--run", tree.toString()), "holds no checkpoint");
    }

    private static void assertOneLine(CliRun r, String expected) {
        assertEquals(2, r.exitCode(), r::err);
        assertEquals(1, r.errLines().size(), r::err);
        assertTrue(r.err().contains(expected), () -> "says '" + expected + "': " + r.err());
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
