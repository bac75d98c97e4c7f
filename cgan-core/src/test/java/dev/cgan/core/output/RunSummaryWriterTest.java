package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.StepLosses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryWriterTest {

    @TempDir
    Path dir;

    @Test
    void summaryNamesWhatRanAndHowItEnded() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir);
        RunSummaryWriter writer = new RunSummaryWriter(run);
        writer.onStart(OutputFixtures.run(dir, 1));

        writer.onFinish(new RunSummary(100, 12.346, 518.2, new StepLosses(1.25, 0.75, 0.6, 0.3), "completed"));

        String json = Files.readString(run.summary());
        for (String expected : new String[] {
            "\"backend\": \"djl\"", "\"device\": \"cpu\"", "\"model\": \"dcgan32\"",
            "\"dataset\": \"Fashion-MNIST (embedded)\"", "\"classes\": [\"T-shirt/top\", \"Trouser\", \"Pullover\"]",
            "\"seed\": 42", "\"iterations\": 100", "\"wall_seconds\": 12.35", "\"images_per_second\": 518.2",
            "\"loss_d\": 1.25", "\"stop_reason\": \"completed\""}) {
            assertTrue(json.contains(expected), expected + " in\n" + json);
        }
        assertTrue(json.strip().startsWith("{") && json.strip().endsWith("}"));
    }

    @Test
    void stringsAreEscaped() {
        assertTrue(JsonText.quote("a\"b\\c\nd").equals("\"a\\\"b\\\\c\\nd\""));
    }
}
