package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeLimitTest {

    @Test
    void hoursMinutesAndSecondsAddUp() {
        assertEquals(Duration.ofMinutes(20), TimeLimit.parse("20m"));
        assertEquals(Duration.ofSeconds(90), TimeLimit.parse("90s"));
        assertEquals(Duration.ofMinutes(90), TimeLimit.parse("1h30m"));
        assertEquals(Duration.ofSeconds(3600 + 120 + 5), TimeLimit.parse(" 1H2m5s "));
    }

    @Test
    void anythingElseIsOneLineNamingTheOptionAndTheForm() {
        for (String bad : new String[] {"20", "", "m", "20 m", "-5m", "1.5h", "5m1h", "soon"}) {
            UsageException e = assertThrows(UsageException.class, () -> TimeLimit.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--time-limit ") && e.getMessage().contains("20m, 1h30m or 90s"),
                    e.getMessage());
        }
        assertTrue(assertThrows(UsageException.class, () -> TimeLimit.parse("0m")).getMessage()
                .contains("longer than 0"));
        assertTrue(assertThrows(UsageException.class, () -> TimeLimit.parse("9999999999h")).getMessage()
                .contains("too long"));
    }
}
