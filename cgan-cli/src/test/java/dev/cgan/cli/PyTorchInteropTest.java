package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.BackendRegistry;
import dev.cgan.api.RequiredBackends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch reproduces cgan's images: a dcgan64 trained for two iterations on DJL from a folder tree, then
 * {@code generate --dump-tensors} and {@code export}; the repository's {@code reproduce_export.py} loads the export
 * into the seed's PyTorch Generator, generates from the dumped noise and labels in eval mode and compares with cgan's
 * images (absolute 1e-4); likewise sngan32 into the SNGAN twin. Runs where Debian's python3-torch imports (CI installs it) and DJL is usable; skipped with
 * the reason otherwise.
 */
class PyTorchInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("..", "cgan-conformance", "reference", "reproduce_export.py");

    @TempDir
    Path dir;

    @Test
    void pytorchReproducesGeneratedImagesFromTheExport() throws Exception {
        reproduce("dcgan64", "6 images of (3, 64, 64)");
    }

    /** The same for sngan32's residual generator with conditional BatchNorm, into the twin's SnganGenerator. */
    @Test
    void pytorchReproducesSngan32ImagesFromTheExport() throws Exception {
        reproduce("sngan32", "6 images of (1, 32, 32)");
    }

    private void reproduce(String model, String shape) throws Exception {
        assumeTrue(Files.isRegularFile(SCRIPT), () -> SCRIPT.toAbsolutePath() + " not found");
        String torch = torchProblem();
        assumeTrue(torch == null, () -> "PyTorch not usable here (" + torch + "); apt-get install python3-torch");
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));

        Path data = ImageFolders.threeClasses(dir.resolve("data"), 4);
        Path run = dir.resolve("run");
        CliRun train = CliRun.installed("--backend", "djl", "train", "--model", model, "--data", data.toString(),
                "--steps", "2", "--batch-size", "4", "--samples-per-class", "1", "--out", run.toString());
        assertEquals(0, train.exitCode(), train::err);
        Path tensors = dir.resolve("tensors.safetensors");
        CliRun generate = CliRun.installed("--backend", "djl", "generate", "--run", run.toString(), "--count", "2",
                "--seed", "5", "--dump-tensors", tensors.toString());
        assertEquals(0, generate.exitCode(), generate::err);
        CliRun export = CliRun.installed("export", "--run", run.toString());
        assertEquals(0, export.exitCode(), export::err);

        Process p = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(),
                run.resolve("generator.safetensors").toString(), tensors.toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "the script finished: " + output);
        System.out.println(output.strip());
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("REPRODUCED"), output);
        assertTrue(output.contains(shape), output);
    }

    /** Null when {@code python3 -c 'import torch'} works, else why not. */
    private static String torchProblem() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " not found";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "import torch did not finish in 2 minutes";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : "import torch failed: " + CliErrors.oneLine(out.isEmpty() ? "?" : out);
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        }
    }
}
