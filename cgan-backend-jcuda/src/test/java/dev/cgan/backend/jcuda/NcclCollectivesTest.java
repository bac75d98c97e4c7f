package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.DeviceCollectives;
import org.junit.jupiter.api.Test;

/**
 * The engine offers NCCL for data-parallel runs; on a machine where NCCL (or the CUDA runtime it needs) cannot be
 * loaded, it says so in one line naming the library and what to install, and refuses to make a group. With NCCL
 * present, it makes NCCL's 128-byte identity (the GPU check, gpu-check/run.sh, runs the group itself).
 */
class NcclCollectivesTest {

    @Test
    void theEngineOffersNcclWithoutLoadingIt() {
        DeviceCollectives nccl = new JcudaBackend().deviceCollectives().orElseThrow();
        assertEquals("NCCL", nccl.name());
    }

    @Test
    void whereNcclCannotBeLoadedOneLineNamesItAndNoGroupIsMade() {
        NcclCollectives nccl = new NcclCollectives();
        String missing = nccl.unavailable();
        if (missing == null) {
            assertTrue(nccl.version() >= 20000, "NCCL 2 loaded: " + nccl.version());
            assertEquals(NcclCollectives.ID_BYTES, nccl.newGroupId().length);
            System.out.println("NCCL " + nccl.version() + " loads here; the refusal is not exercised");
            return;
        }
        assertFalse(missing.contains("\n"), missing);
        assertTrue(missing.startsWith("data-parallel training on jcuda needs NCCL 2 for CUDA 13 (libnccl.so.2), "
                + "which cannot be loaded here ("), missing);
        assertTrue(missing.contains("pip install nvidia-nccl-cu13"), missing);
        assertEquals(missing, nccl.unavailable(), "the same answer without a second attempt");
        DeviceCollectives.Failure e = assertThrows(DeviceCollectives.Failure.class, nccl::newGroupId);
        assertEquals(missing, e.getMessage());
        System.out.println("NCCL refused here: " + missing);
    }
}
