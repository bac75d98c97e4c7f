package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.Device;
import dev.cgan.api.RequiredBackends;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cgan-cli conformance}: a fast case on the real DJL backend, and the one-line errors before any engine. */
class ConformanceCommandTest {

    private static final List<Backend> STAND_INS = List.of(StandInBackend.available("fast", 100, Device.cpu()));

    @Test
    void reluPassesOnDjl() {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));

        CliRun r = CliRun.installed("--backend", "djl", "conformance", "--case", "relu");

        assertEquals(ExitCodes.OK, r.exitCode(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Checking djl on cpu"), lines.get(0));
        assertTrue(lines.get(1).matches("PASS\\s+relu\\s+\\d+ ms\\s+worst \\S+: max abs .* of tolerance"),
                lines.get(1));
        assertTrue(r.out().contains("djl on cpu: 1 passed, 0 failed, 0 unsupported, 0 listed but passing (1 cases)"),
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void aFailingCaseIsExitCode5WithOneErrorLineAndTheTable() {
        CliRun r = CliRun.of(List.of(BrokenBackend.named("broken")), "conformance", "--case", "relu");

        assertEquals(ExitCodes.NONCONFORMING, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("FAIL\\s+relu\\s+\\d+ ms\\s+IllegalStateException: broken "
                + "backend cannot scope.*")), r.out());
        assertTrue(r.out().contains("broken on cpu: 0 passed, 1 failed"), r.out());
        assertEquals(List.of("cgan-cli: error: broken on cpu does not conform to PyTorch: 1 case failed, 0 listed as "
                + "unsupported but passing"), r.errLines());
    }

    @Test
    void aPatternMatchingNothingListsTheCases() {
        CliRun r = CliRun.of(STAND_INS, "conformance", "--case", "resnet*");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("cgan-cli: error: no conformance case matches 'resnet*'"), line);
        assertTrue(line.contains("relu") && line.contains("trajectory_dcgan64"), line);
        assertEquals("", r.out(), "refused before anything runs");
    }

    @Test
    void anUnknownBackendIsRefusedAsForTrain() {
        CliRun r = CliRun.of(STAND_INS, "--backend", "foo", "conformance", "--case", "relu");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("cgan-cli: error: unknown backend 'foo'"), r.err());
    }

    @Test
    void aMissingDeviceIsExitCode3() {
        CliRun r = CliRun.of(STAND_INS, "--device", "gpu:1", "conformance");

        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).contains("no device gpu:1"), r.err());
    }
}
