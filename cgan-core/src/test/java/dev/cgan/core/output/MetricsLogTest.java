package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.StepLosses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void oneParsableLinePerIterationWithEveryField() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog log = new MetricsLog(file);
        log.onStart(OutputFixtures.run(dir, 1));
        for (long i = 1; i <= 250; i++) {
            log.onIteration(OutputFixtures.iteration(i));
        }
        log.onFinish(new RunSummary(250, 1, 1, null, "completed"));

        List<String> lines = Files.readAllLines(file);
        assertEquals(250, lines.size());
        String first = lines.get(0);
        for (String key : List.of("iteration", "epoch", "loss_d", "loss_g", "d_real", "d_fake", "seconds",
                "images_per_second")) {
            assertTrue(first.contains("\"" + key + "\":"), key + " in " + first);
        }
        MetricsLine parsed = MetricsLine.parse(lines.get(99)).orElseThrow();
        IterationRecord expected = OutputFixtures.iteration(100);
        assertEquals(100, parsed.iteration());
        assertEquals(expected.epoch(), parsed.epoch());
        assertEquals(expected.losses().lossD(), parsed.lossD(), 1e-6, "float precision");
        assertEquals(expected.losses().dFake(), parsed.dFake(), 1e-6);
        assertEquals(160.0, parsed.imagesPerSecond(), 1e-9);
    }

    @Test
    void linesAreVisibleBeforeTheRunEnds() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog log = new MetricsLog(file);
        log.onStart(OutputFixtures.run(dir, 1));
        for (long i = 1; i <= MetricsLog.FLUSH_LINES; i++) {
            log.onIteration(OutputFixtures.iteration(i));
        }
        assertEquals(MetricsLog.FLUSH_LINES, Files.readAllLines(file).size(), "flushed after FLUSH_LINES lines");
        log.close();
    }

    @Test
    void resumingDropsIterationsAfterTheCheckpointAndDamagedLines() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog first = new MetricsLog(file);
        first.onStart(OutputFixtures.run(dir, 1));
        for (long i = 1; i <= 30; i++) {
            first.onIteration(OutputFixtures.iteration(i));
        }
        first.close();
        // A crash mid-line leaves a fragment at the end.
        Files.writeString(file, "{\"iteration\":31,\"ep", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        MetricsLog resumed = new MetricsLog(file);
        resumed.onStart(OutputFixtures.run(dir, 21)); // the last checkpoint was after iteration 20
        for (long i = 21; i <= 40; i++) {
            resumed.onIteration(OutputFixtures.iteration(i));
        }
        resumed.close();

        List<MetricsLine> lines = MetricsLog.read(file);
        assertEquals(40, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).iteration(), "each iteration exactly once, in order");
        }
        assertEquals(40, Files.readAllLines(file).size(), "the fragment is gone");
    }

    @Test
    void nonFiniteValuesAreWrittenAsNullAndReadAsNaN() {
        var record = new IterationRecord(7, 1, new StepLosses(Double.NaN, Double.POSITIVE_INFINITY, 0.5, 0.25), 0.1,
                10);
        String json = MetricsLine.of(record).toJson();
        assertTrue(json.contains("\"loss_d\":null"), json);
        MetricsLine back = MetricsLine.parse(json).orElseThrow();
        assertTrue(Double.isNaN(back.lossD()));
        assertTrue(Double.isNaN(back.lossG()));
        assertEquals(0.25, back.dFake(), 0);
    }

    @Test
    void garbageIsNotAMetricsLine() {
        assertTrue(MetricsLine.parse("").isEmpty());
        assertTrue(MetricsLine.parse("{\"iteration\":3").isEmpty());
        assertTrue(MetricsLine.parse("{\"epoch\":3}").isEmpty());
        assertTrue(MetricsLine.parse("[1,2]").isEmpty());
    }
}
