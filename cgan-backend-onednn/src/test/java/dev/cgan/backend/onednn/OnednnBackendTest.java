package dev.cgan.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Availability;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import org.junit.jupiter.api.Test;

/** The provider: what discovery reports, and the thread count it cannot change. */
class OnednnBackendTest {

    @Test
    void availabilityNamesOnednnsVersionAndInstructionSet() {
        Availability availability = new OnednnBackend().availability();
        assertTrue(availability.available(), availability.reason());
        assertTrue(availability.reason().startsWith("oneDNN 3.11."), availability.reason());
        assertTrue(availability.reason().matches(".*(SSE|AVX|AMX).*"), availability.reason());
    }

    @Test
    void aThreadCountOpenMpDoesNotRunIsRefusedWithTheRemedy() {
        int other = OnednnBackend.ompThreads() + 1;
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new OnednnBackend().open(Device.cpu(), new BackendOptions(other, false, false)));
        assertTrue(e.getMessage().contains("OMP_NUM_THREADS=" + other), e.getMessage());
    }

    @Test
    void theThreadCountOpenMpRunsOpens() {
        try (ComputeContext context = new OnednnBackend().open(Device.cpu(),
                new BackendOptions(OnednnBackend.ompThreads(), false, false))) {
            assertTrue(context.device().description().contains(OnednnBackend.ompThreads() + " threads"),
                    context.device().description());
        }
    }
}
