package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsCommandTest {

    @Test
    void listsEveryBackendWithAvailabilityReasonAndDevices() {
        CliRun r = CliRun.of(List.of(
                StandInBackend.available("fast", 100, Device.cpu(), Device.gpu(0, "Test GPU")),
                StandInBackend.unavailable("cuda", 200, "no CUDA driver: libcuda.so.1 not found")), "backends");

        assertEquals(0, r.exitCode());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("NAME"), "a header first: " + lines.get(0));
        for (String column : List.of("PRIORITY", "AVAILABLE", "DEVICES", "DESCRIPTION")) {
            assertTrue(lines.get(0).contains(column), column);
        }
        String cuda = lines.get(1);
        assertTrue(cuda.startsWith("cuda"), "highest priority first: " + cuda);
        assertTrue(cuda.matches("cuda\\s+200\\s+no\\s+-\\s+stand-in backend cuda\\s+no CUDA driver.*"), cuda);
        String fast = lines.get(2);
        assertTrue(fast.matches("fast\\s+100\\s+yes\\s+cpu, gpu:0\\s+stand-in backend fast\\s+fast found"), fast);
        assertTrue(r.out().contains("Default backend: fast"), "the unavailable cuda is skipped");
        assertEquals("", r.err());
    }

    @Test
    void saysSoWhenThereAreNone() {
        CliRun r = CliRun.of(List.of(), "backends");

        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("No backends found."), r.out());
    }
}
