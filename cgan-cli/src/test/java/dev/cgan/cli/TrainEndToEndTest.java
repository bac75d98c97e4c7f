package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.BackendRegistry;
import dev.cgan.api.RequiredBackends;
import dev.cgan.core.output.MetricsLine;
import dev.cgan.core.output.MetricsLog;
import dev.cgan.core.output.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cgan-cli train} for three tiny iterations on the real DJL backend: every output a person looks at. */
class TrainEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void threeStepsOnDjlLeaveACompleteRunDirectory() throws Exception {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        Path out = dir.resolve("run");

        CliRun r = CliRun.installed("--backend", "djl", "train", "--steps", "3", "--batch-size", "8",
                "--samples-per-class", "2", "--out", out.toString());

        assertEquals(0, r.exitCode(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        RunDirectory run = RunDirectory.at(out);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Training dcgan32 for 3 iterations"), lines.get(0));
        for (String part : List.of("djl", "cpu", "batch 8", out.toString())) {
            assertTrue(lines.get(0).contains(part), part + " in the start line: " + lines.get(0));
        }
        assertTrue(r.out().contains("Outputs in " + out), r.out());

        List<MetricsLine> metrics = MetricsLog.read(run.metrics());
        assertEquals(List.of(1L, 2L, 3L), metrics.stream().map(MetricsLine::iteration).toList());
        assertTrue(metrics.stream().allMatch(m -> Double.isFinite(m.lossD()) && Double.isFinite(m.lossG())));
        // cgan-core's tests decode these images; here it is enough that they are PNG files (this module does not
        // read java.desktop, so ImageIO is out of reach).
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (Path png : List.of(run.sample(0), run.finalSample(), run.lossPlot())) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), signature.length);
            assertArrayEquals(signature, head, png + " is a PNG");
        }
        String summary = Files.readString(run.summary());
        assertTrue(summary.contains("\"stop_reason\": \"completed\""), summary);
        assertTrue(summary.contains("\"backend\": \"djl\""), summary);
        try (var checkpoints = Files.list(run.checkpoint())) {
            assertEquals(1, checkpoints.filter(p -> p.toString().endsWith(".safetensors")).count());
        }
    }
}
