package dev.cgan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceTest {

    @ParameterizedTest
    @CsvSource({"cpu,cpu", "CPU,cpu", "gpu,gpu:0", "cuda,gpu:0", "gpu:1,gpu:1", "cuda:3,gpu:3", " gpu:2 ,gpu:2"})
    void idsAsUsersTypeThem(String typed, String id) {
        assertEquals(id, Device.parse(typed).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpu", "gpu:", "gpu:-1", "gpu:x", ""})
    void unknownIdsNameTheAcceptedForms(String typed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse(typed));
        assertTrue(e.getMessage().contains("use cpu, gpu or gpu:N"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void zeroThreadsMeansOnePerCore(int threads) {
        BackendOptions options = new BackendOptions(threads, false, false);
        int expected = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        assertEquals(expected, options.effectiveThreads());
    }
}
