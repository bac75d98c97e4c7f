package dev.cgan.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.onnx.fixtures.RandomGenerators;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX project's own checker accepts every export: Debian's python3-onnx runs {@code onnx.checker.check_model}
 * with {@code full_check} (strict shape inference, which must agree with the declared output shape) on the catalog's
 * three generators and the two test models that use the remaining layers. Skipped with the reason where
 * {@code import onnx} fails (apt-get install python3-onnx).
 */
class OnnxCheckerTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Checks each file named on the command line; prints one line per file with what shape inference found. */
    private static final String CHECK = String.join("\n",
            "import sys, onnx",
            "for path in sys.argv[1:]:",
            "    model = onnx.load(path)",
            "    onnx.checker.check_model(model, full_check=True)",
            "    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)",
            "    out = inferred.graph.output[0].type.tensor_type.shape.dim",
            "    print('CHECKED', path.rsplit('/', 1)[-1], 'opset', model.opset_import[0].version, 'output',"
                    + " [d.dim_param or d.dim_value for d in out])");

    @TempDir
    Path dir;

    @Test
    void onnxCheckerAcceptsEveryExport() throws Exception {
        String problem = onnxProblem();
        assumeTrue(problem == null, () -> "the onnx checker is not usable here (" + problem
                + "); apt-get install python3-onnx");
        List<GeneratorCheckpoint> generators = new ArrayList<>();
        for (String name : List.of("dcgan32", "dcgan64", "mlp")) {
            generators.add(RandomGenerators.catalog(name));
        }
        generators.add(RandomGenerators.of(RandomGenerators.convolutional(), 3));
        generators.add(RandomGenerators.of(RandomGenerators.branchedMaxout(), 4));
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", CHECK));
        for (GeneratorCheckpoint g : generators) {
            Path file = dir.resolve(g.model().name() + ".onnx");
            OnnxExport.write(g, file);
            command.add(file.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(3, TimeUnit.MINUTES);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "the checker finished: " + output);
        System.out.println(output.strip());
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("CHECKED dcgan32.onnx opset 13 output ['N', 1, 32, 32]"), output);
        assertTrue(output.contains("CHECKED dcgan64.onnx opset 13 output ['N', 3, 64, 64]"), output);
        assertTrue(output.contains("CHECKED mlp.onnx opset 13 output ['N', 1, 28, 28]"), output);
        assertTrue(output.contains("CHECKED test-conv.onnx opset 13 output ['N', 2, 8, 8]"), output);
        assertTrue(output.contains("CHECKED test-maxout.onnx opset 13 output ['N', 1, 4, 4]"), output);
    }

    /** Null when {@code python3 -c 'import onnx'} works, else why not. */
    private static String onnxProblem() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " not found";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import onnx").redirectErrorStream(true).start();
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "import onnx did not finish in a minute";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : "import onnx failed: " + out.lines().reduce((a, b) -> b).orElse("?");
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        }
    }
}
