package dev.cgan.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which backends must be usable: parsed from the property (or environment), and failing only for those. */
class RequiredBackendsTest {

    private String saved;

    @BeforeEach
    void saveProperty() {
        saved = System.getProperty(RequiredBackends.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(RequiredBackends.PROPERTY);
        } else {
            System.setProperty(RequiredBackends.PROPERTY, saved);
        }
    }

    @Test
    void aListIsNamesSeparatedByCommas() {
        assertEquals(Set.of("djl", "nd4j"), RequiredBackends.parse(" DJL, nd4j ,,"));
        assertEquals(Set.of(), RequiredBackends.parse(""));
        assertEquals(Set.of(), RequiredBackends.parse(null));
    }

    @Test
    void anUnavailableRequiredBackendFailsWithItsReasonAndTheSetting() {
        System.setProperty(RequiredBackends.PROPERTY, "djl,nd4j");
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                RequiredBackends.check("nd4j", Availability.unavailable("no nd4j-native for this platform")));
        assertEquals("backend nd4j is required here (-Dcgan.requireBackends=djl,nd4j) but unavailable: "
                + "no nd4j-native for this platform", e.getMessage());
        IllegalStateException absent = assertThrows(IllegalStateException.class, () ->
                RequiredBackends.check("djl", Optional.empty()));
        assertTrue(absent.getMessage().endsWith("no backend called djl on the class path"), absent.getMessage());
    }

    @Test
    void availableOrNotRequiredPassesSoTheCallerMaySkip() {
        System.setProperty(RequiredBackends.PROPERTY, "djl");
        assertDoesNotThrow(() -> RequiredBackends.check("djl", Availability.available("libtorch 2.7.1")));
        assertDoesNotThrow(() -> RequiredBackends.check("jcuda", Availability.unavailable("no NVIDIA GPU")));
        System.setProperty(RequiredBackends.PROPERTY, "");
        assertDoesNotThrow(() -> RequiredBackends.check("djl", Availability.unavailable("no libtorch")));
    }
}
