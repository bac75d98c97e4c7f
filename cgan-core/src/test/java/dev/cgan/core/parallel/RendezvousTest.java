package dev.cgan.core.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** torchrun's environment as a rank reads it. */
class RendezvousTest {

    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void readsWhatTorchrunSets() {
        Map<String, String> env = Map.of("MASTER_ADDR", "node-a", "MASTER_PORT", "29400", "RANK", "3",
                "WORLD_SIZE", "4", "LOCAL_RANK", "1");
        assertTrue(Rendezvous.isLaunched(env));
        assertEquals(new Rendezvous("node-a", 29400, 3, 4, 1, T), Rendezvous.fromEnvironment(env, T));
    }

    @Test
    void defaultsAsOnOneMachine() {
        Rendezvous r = Rendezvous.fromEnvironment(Map.of("RANK", "1", "WORLD_SIZE", "2"), T);
        assertEquals(new Rendezvous("127.0.0.1", 29500, 1, 2, 1, T), r);
        assertEquals(Map.of("MASTER_ADDR", "127.0.0.1", "MASTER_PORT", "29500", "RANK", "0", "WORLD_SIZE", "2",
                "LOCAL_RANK", "0"), r.forRank(0).environment());
    }

    @Test
    void withoutWorldSizeThereIsNoLaunch() {
        assertFalse(Rendezvous.isLaunched(Map.of("RANK", "0")));
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("RANK is not set; a data-parallel launch sets RANK and WORLD_SIZE for every rank",
                assertThrows(IllegalArgumentException.class,
                        () -> Rendezvous.fromEnvironment(Map.of("WORLD_SIZE", "2"), T)).getMessage());
        assertEquals("RANK must be in 0..1, got 2", assertThrows(IllegalArgumentException.class,
                () -> Rendezvous.fromEnvironment(Map.of("WORLD_SIZE", "2", "RANK", "2"), T)).getMessage());
        assertEquals("MASTER_PORT must be a whole number, got 'x'", assertThrows(IllegalArgumentException.class,
                () -> Rendezvous.fromEnvironment(Map.of("WORLD_SIZE", "2", "RANK", "0", "MASTER_PORT", "x"), T))
                .getMessage());
    }

    @Test
    void oneProcessHasNothingToExchange() {
        Collective one = Collective.single();
        float[] v = {1f, 2f};
        one.allReduceMean(v);
        one.broadcast(v, 0);
        assertEquals(1f, v[0]);
        assertEquals(0, one.rank());
        assertEquals(1, one.worldSize());
        assertThrows(IllegalArgumentException.class, () -> one.broadcast(v, 1));
    }
}
