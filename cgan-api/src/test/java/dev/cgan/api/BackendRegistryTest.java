package dev.cgan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

    private static Backend fake(String name, int priority, boolean available) {
        return new Backend() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public String description() {
                return "fake " + name;
            }

            @Override
            public Availability availability() {
                return available ? Availability.available("ok") : Availability.unavailable("no " + name + " here");
            }

            @Override
            public List<Device> devices() {
                return available ? List.of(Device.cpu()) : List.of();
            }

            @Override
            public ComputeContext open(Device device, BackendOptions options) {
                throw new BackendUnavailableException("not in this test");
            }
        };
    }

    @Test
    void backendsAreOrderedByPriorityThenName() {
        BackendRegistry registry = BackendRegistry.of(List.of(fake("b", 10, true), fake("a", 10, true),
                fake("c", 50, false)));
        assertEquals(List.of("c", "a", "b"), registry.names());
    }

    @Test
    void bestIsTheAvailableBackendOfHighestPriority() {
        BackendRegistry registry = BackendRegistry.of(List.of(fake("slow", 10, true), fake("gpu", 90, false)));
        assertEquals("slow", registry.best().orElseThrow().name());
    }

    @Test
    void noAvailableBackendGivesNoBest() {
        assertTrue(BackendRegistry.of(List.of(fake("gpu", 90, false))).best().isEmpty());
    }

    @Test
    void lookupIgnoresCaseAndSurroundingSpace() {
        BackendRegistry registry = BackendRegistry.of(List.of(fake("djl", 100, true)));
        assertEquals("djl", registry.byName(" DJL ").name());
    }

    @Test
    void anUnknownNameIsAnsweredWithTheKnownNames() {
        BackendRegistry registry = BackendRegistry.of(List.of(fake("djl", 100, true), fake("nd4j", 50, true)));
        UnknownBackendException e = assertThrows(UnknownBackendException.class, () -> registry.byName("foo"));
        assertEquals("unknown backend 'foo': known backends are djl, nd4j", e.getMessage());
        assertEquals(List.of("djl", "nd4j"), e.known());
    }
}
