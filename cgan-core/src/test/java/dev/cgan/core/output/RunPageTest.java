package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** index.html: what it shows, and that no text from the run can break out of it. */
class RunPageTest {

    @TempDir
    Path dir;

    @Test
    void showsTheSummaryAndTheImagesThatExistWithEveryTextEscaped() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir.resolve("run"));
        Files.writeString(run.summary(), "{\"model\": \"dcgan64\", \"backend\": \"djl\", \"device\": \"cpu\", "
                + "\"dataset\": \"image folders in /d (<b>3</b> classes)\", \"classes\": [\"<script>x</script>\", "
                + "\"a&b\", \"it's\"], \"iterations\": 6, \"planned_iterations\": 6, \"stop_reason\": \"completed\", "
                + "\"wall_seconds\": 28.5, \"images_per_second\": 3.1, \"last\": {\"loss_d\": 0.62, \"loss_g\": 5.68, "
                + "\"d_real\": 0.8, \"d_fake\": 0.2}}");
        Files.write(run.finalSample(), new byte[] {1});
        Files.write(run.lossPlot(), new byte[] {1});

        RunPage.write(run);
        String html = Files.readString(run.page());

        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;, a&amp;b, it&#39;s"), html);
        assertFalse(html.contains("<script"), "no raw script tag");
        assertFalse(html.contains("<b>3</b>"), "data descriptions are escaped");
        assertTrue(html.contains("src=\"samples/final.png\""), html);
        assertTrue(html.contains("src=\"loss.png\""), html);
        assertTrue(html.contains("D 0.62, G 5.68"), html);
        assertFalse(html.contains("eval.png"), "no evaluation plot yet");
        assertFalse(html.contains("http"), "nothing fetched from elsewhere");

        Files.write(run.evalPlot(), new byte[] {1});
        RunPage.write(run);
        assertTrue(Files.readString(run.page()).contains("src=\"eval.png\""));
    }

    @Test
    void aRunWithoutSummarySaysSo() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir.resolve("run"));
        RunPage.write(run);
        assertTrue(Files.readString(run.page()).contains("No summary.json"));
    }

    @Test
    void aLivePageShowsProgressAndTheLatestGridAndRefreshesItself() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir.resolve("run"));
        Files.write(run.sample(40), new byte[] {1});
        Files.write(run.lossPlot(), new byte[] {1});

        RunPage.writeLive(run, new RunPage.LiveProgress(40, 200, 125, run.sample(40), 3));
        String html = Files.readString(run.page());

        assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"3\">"), html);
        assertTrue(html.contains("data-state=\"live\""), html);
        assertTrue(html.contains("iteration 40 of 200 (20%), ETA 2m 05s"), html);
        assertTrue(html.contains("src=\"samples/iter-000040.png\""), html);
        assertTrue(html.contains("src=\"loss.png\""), html);
        assertFalse(html.contains("No summary.json"), "a live run is not called unfinished by mistake");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "nothing fetched from elsewhere");
    }

    @Test
    void theFinalPageSaysHowTheRunEndedAndNoLongerRefreshes() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir.resolve("run"));
        RunPage.writeLive(run, new RunPage.LiveProgress(0, 10, -1, null, 2));
        assertTrue(Files.readString(run.page()).contains("ETA unknown"));
        Files.writeString(run.summary(), "{\"iterations\": 7, \"planned_iterations\": 10, "
                + "\"stop_reason\": \"diverged\"}");

        RunPage.write(run);
        String html = Files.readString(run.page());

        assertFalse(html.contains("refresh"), html);
        assertTrue(html.contains("data-state=\"ended\"><strong>Run ended:</strong> diverged."), html);
    }

    @Test
    void aRunThatFailsMidwayLeavesAPageThatSaysSoAndNoLongerRefreshes() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir.resolve("run"));
        RunPage.writeLive(run, new RunPage.LiveProgress(3, 10, 5, null, 2));
        try (RunReportWriter writer = new RunReportWriter(run)) {
            writer.onCheckpoint(3, run.checkpoint()); // live, then the run throws before onFinish
        }
        String html = Files.readString(run.page());
        assertFalse(html.contains("refresh"), html);
        assertTrue(html.contains("<strong>Run ended:</strong> failed before its end"), html);
    }
}
