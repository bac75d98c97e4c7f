package dev.cgan.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.StepLosses;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

    private static final IterationRecord RECORD =
            new IterationRecord(1234, 8, new StepLosses(1.10349, 1.87211, 0.61, 0.32), 0.15, 405.4);

    @Test
    void theBarShowsIterationEpochLossesSpeedAndEta() {
        String line = ProgressBar.line(RECORD, 4690, 171);

        assertEquals("[#####---------------]  1234/4690  epoch 8  D 1.103  G 1.872  405 img/s  ETA 2m51s", line);
        assertTrue(line.length() < 90, "fits a terminal");
    }

    @Test
    void theLogLineCarriesTheSameFigures() {
        String line = ProgressLog.line("12:00:00", RECORD, 4690, 171);

        assertEquals("12:00:00  iteration 1234/4690  epoch 8  loss D 1.1035  loss G 1.8721  D(x) 0.610  "
                + "D(G(z)) 0.320  405 img/s  ETA 2m51s", line);
    }

    @Test
    void theLogPrintsEveryNIterationsAndTheLast() {
        StringWriter text = new StringWriter();
        ProgressLog log = new ProgressLog(new PrintWriter(text), 50);
        log.onStart(ProgressFixtures.run(120));
        for (long i = 1; i <= 120; i++) {
            log.onIteration(new IterationRecord(i, 1, RECORD.losses(), 0.1, 100));
        }
        log.onFinish(new RunSummary(120, 12, 100, RECORD.losses(), "completed"));

        assertEquals(3, text.toString().lines().count(), "iterations 50, 100 and 120:\n" + text);
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("42s", Durations.format(42.2));
        assertEquals("4m05s", Durations.format(245));
        assertEquals("2h07m", Durations.format(2 * 3600 + 7 * 60 + 30));
        assertEquals("--", Durations.format(Double.NaN));
    }
}
