package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.Device;
import dev.cgan.api.RequiredBackends;
import dev.cgan.core.output.MetricsLine;
import dev.cgan.core.output.MetricsLog;
import dev.cgan.core.output.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ND4J backend, which runs from the class path while the CLI is a named module, is found and used by the CLI:
 * {@code backends} lists it with the CPU as its only device, and {@code train} runs on it quietly.
 */
class Nd4jOnTheCliTest {

    @TempDir
    Path dir;

    @Test
    void theNd4jBackendIsFoundOnTheClassPathWithTheCpuAsItsOnlyDevice() {
        Optional<Backend> nd4j = nd4j();
        assertTrue(nd4j.isPresent(), "nd4j among " + BackendRegistry.load().names());
        assertTrue(!nd4j.get().getClass().getModule().isNamed(), "the backend runs from the class path");
        RequiredBackends.check("nd4j", nd4j);
        assumeTrue(nd4j.get().availability().available(), () -> nd4j.get().availability().reason());
        assertEquals(List.of("cpu"), nd4j.get().devices().stream().map(Device::id).toList());

        CliRun r = CliRun.installed("backends");

        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("nd4j\\s+\\d+\\s+yes\\s+cpu\\s+ND4J 1\\.0\\.0-M2\\.1.*")),
                r.out());
    }

    @Test
    void twoStepsOnNd4jTrainQuietlyAndLeaveMetrics() throws Exception {
        Optional<Backend> nd4j = nd4j();
        RequiredBackends.check("nd4j", nd4j);
        assumeTrue(nd4j.isPresent() && nd4j.get().availability().available(),
                () -> "ND4J backend not usable here: " + nd4j.map(b -> b.availability().reason()).orElse("not found"));
        Path out = dir.resolve("run");

        CliRun r = CliRun.installed("--backend", "nd4j", "--threads", "2", "train", "--steps", "2", "--batch-size",
                "8", "--samples-per-class", "1", "--out", out.toString());

        assertEquals(0, r.exitCode(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Training dcgan32 for 2 iterations") && first.contains("nd4j on cpu"), first);
        assertEquals("", r.err(), "nothing on stderr without --verbose");
        List<MetricsLine> metrics = MetricsLog.read(RunDirectory.at(out).metrics());
        assertEquals(List.of(1L, 2L), metrics.stream().map(MetricsLine::iteration).toList());
        assertTrue(metrics.stream().allMatch(m -> Double.isFinite(m.lossD()) && Double.isFinite(m.lossG())));
        assertTrue(Files.readString(RunDirectory.at(out).summary()).contains("\"backend\": \"nd4j\""));
    }

    private static Optional<Backend> nd4j() {
        return BackendRegistry.load().all().stream().filter(b -> b.name().equals("nd4j")).findFirst();
    }
}
