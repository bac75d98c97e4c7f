package dev.cgan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.conformance.fakes.HostFakeBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnsupportedCasesTest {

    @Test
    void parsesEntriesSkippingCommentsAndBlankLines() {
        UnsupportedCases list = UnsupportedCases.parse("""
                # why these are listed
                conv2d_k3s1p1: no 3x3 kernels yet: see issue 12

                  trajectory_dcgan64 :  too slow on this engine\r
                """, "test");

        assertEquals(Map.of("conv2d_k3s1p1", "no 3x3 kernels yet: see issue 12",
                "trajectory_dcgan64", "too slow on this engine"), list.entries());
        assertEquals(Optional.of("too slow on this engine"), list.reason("trajectory_dcgan64"));
        assertEquals(Optional.empty(), list.reason("relu"));
    }

    @Test
    void anEntryWithoutAReasonIsAnErrorNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnsupportedCases.parse("# header\nrelu\n", "backend.txt"));
        assertTrue(e.getMessage().startsWith("backend.txt:2:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UnsupportedCases.parse("relu:   \n", "x"));
    }

    @Test
    void aCaseListedTwiceIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnsupportedCases.parse("relu: a\nrelu: b\n", "x"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void unknownNamesAreThoseNotInTheSuite() {
        UnsupportedCases list = UnsupportedCases.parse("relu: r\nrelux: typo\n", "x");
        assertEquals(Set.of("relux"), list.unknownNames(List.of("relu", "tanh")));
    }

    @Test
    void aBackendsListIsReadFromItsOwnModuleOrJar() {
        // src/test/resources/META-INF/cgan/conformance-unsupported.txt belongs to the fake's module.
        UnsupportedCases list = UnsupportedCases.of(new HostFakeBackend());
        assertEquals(Optional.of("the host fake has no convolution"), list.reason("conv2d_k3s1p1"));
    }
}
