package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.core.output.RunDirectory;
import dev.cgan.core.output.RunPage;
import dev.cgan.core.safetensors.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished run's {@code index.html} as a person sees it: opened from disk in the machine's headless Chromium
 * (Debian's {@code chromium}; {@code .ci/run} installs it when it can), every image on it has loaded, every link to
 * a file of the run leads to one, the browser reports no console error or failed load, and the screenshot is not
 * blank (it is kept as {@code target/browser/index.png}). Skipped with the reason where no Chromium is installed.
 */
class RunPageInBrowserTest {

    /** The images on the page of a run with samples, evolution, losses and a generated grid. */
    private static final List<String> IMAGES = List.of("samples/final.png", "samples/evolution.png",
            "samples/evolution.gif", "loss.png", "generated/grid.png");

    @TempDir
    Path dir;

    @Test
    void aFinishedRunsPageLoadsCompletelyInChromium() throws Exception {
        Path chromium = HeadlessChromium.find();
        assumeTrue(chromium != null, "no Chromium here (/usr/bin/chromium or CGAN_CHROMIUM); apt-get install "
                + "chromium");
        Path run = finishedRun();
        Path page = RunDirectory.at(run).root().resolve("index.html");
        assertTrue(Files.isRegularFile(page), "the run wrote " + page);

        try (HeadlessChromium browser = new HeadlessChromium(chromium, dir.resolve("profile"), 1280, 2000)) {
            browser.open(page.toUri().toString());
            List<?> images = (List<?>) Json.parse((String) browser.evaluate("JSON.stringify(Array.from("
                    + "document.images, i => ({src: i.getAttribute('src'), complete: i.complete, "
                    + "width: i.naturalWidth, height: i.naturalHeight})))"));
            Set<String> shown = new HashSet<>();
            for (Object o : images) {
                Map<?, ?> image = (Map<?, ?>) o;
                String src = (String) image.get("src");
                shown.add(src);
                assertEquals(Boolean.TRUE, image.get("complete"), src + " finished loading");
                assertTrue(((Number) image.get("width")).longValue() > 0
                        && ((Number) image.get("height")).longValue() > 0, src + " decoded: " + image);
            }
            assertTrue(shown.containsAll(IMAGES), "the page shows " + IMAGES + "; it shows " + shown);

            List<?> links = (List<?>) Json.parse((String) browser.evaluate(
                    "JSON.stringify(Array.from(document.links, a => a.href))"));
            assertTrue(!links.isEmpty(), "the page links the run's files");
            for (Object link : links) {
                URI uri = URI.create((String) link);
                if ("file".equals(uri.getScheme())) {
                    assertTrue(Files.isRegularFile(Path.of(uri)), "the link " + link + " leads to a file");
                }
            }
            assertEquals("cgan run run", browser.evaluate("document.title"));
            String text = (String) browser.evaluate("document.body.innerText");
            assertTrue(text.contains("dcgan32") && text.contains("generator.onnx"), text);
            assertTrue(text.contains("Run ended: completed."), text);
            assertEquals(0L, ((Number) browser.evaluate(
                    "document.querySelectorAll('meta[http-equiv=refresh]').length")).longValue(),
                    "a finished run's page no longer refreshes");

            byte[] png = browser.screenshot();
            Path kept = Path.of("target", "browser", "index.png");
            Files.createDirectories(kept.getParent());
            Files.write(kept, png);
            assertNotBlank(ImageIO.read(new ByteArrayInputStream(png)));
            assertEquals(List.of(), browser.problems(), "console errors and failed loads");
        }
    }

    /**
     * The live page as {@link dev.cgan.core.output.RunReportWriter} writes it mid-run, rendered from a run
     * directory's real grids and loss plot: says it is live, refreshes, its images load; saved as a screenshot.
     */
    @Test
    void aLivePageSaysItIsLiveRefreshesAndLoadsItsImages() throws Exception {
        Path chromium = HeadlessChromium.find();
        assumeTrue(chromium != null, "no Chromium here (/usr/bin/chromium or CGAN_CHROMIUM); apt-get install "
                + "chromium");
        Path data = ToyBackend.data(dir.resolve("data"), 40);
        Path run = dir.resolve("run");
        CliRun train = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "train", "--data", data.toString(),
                "--steps", "6", "--batch-size", "8", "--sample-every", "2", "--samples-per-class", "2", "--out",
                run.toString());
        assertEquals(0, train.exitCode(), train::err);
        RunDirectory live = RunDirectory.at(run);
        for (Path end : List.of(live.summary(), live.finalSample(), live.evolutionStrip(), live.evolutionGif())) {
            Files.deleteIfExists(end); // back to the state of a run still training
        }
        RunPage.writeLive(live, new RunPage.LiveProgress(4, 6, 12, live.sample(4), 30));

        try (HeadlessChromium browser = new HeadlessChromium(chromium, dir.resolve("profile"), 1280, 1400)) {
            browser.open(live.page().toUri().toString());
            String text = (String) browser.evaluate("document.body.innerText");
            assertTrue(text.contains("Live: training, iteration 4 of 6"), text);
            assertEquals("30", browser.evaluate(
                    "document.querySelector('meta[http-equiv=refresh]').getAttribute('content')"));
            List<?> images = (List<?>) Json.parse((String) browser.evaluate("JSON.stringify(Array.from("
                    + "document.images, i => ({src: i.getAttribute('src'), complete: i.complete, "
                    + "width: i.naturalWidth})))"));
            Set<String> shown = new HashSet<>();
            for (Object o : images) {
                Map<?, ?> image = (Map<?, ?>) o;
                shown.add((String) image.get("src"));
                assertTrue(((Number) image.get("width")).longValue() > 0, "decoded: " + image);
            }
            assertTrue(shown.contains("samples/iter-000004.png") && shown.contains("loss.png"), "shows " + shown);
            byte[] png = browser.screenshot();
            Path kept = Path.of("target", "browser", "live-run-page.png");
            Files.createDirectories(kept.getParent());
            Files.write(kept, png);
            assertNotBlank(ImageIO.read(new ByteArrayInputStream(png)));
            assertEquals(List.of(), browser.problems(), "console errors and failed loads");
        }
    }

    /**
     * The page of a training process that is still running, in Chromium: live (it says so, with the iteration, and
     * reloads itself), its images load, it moves on with the run (a later visit shows a later iteration and grid);
     * once the process has been stopped with SIGTERM, the same page says how the run ended and no longer reloads.
     * The live screenshot is kept as {@code target/browser/live-during-run.png}.
     */
    @Test
    void aRunningTrainingsPageIsLiveMovesOnAndSettlesWhenTheRunEnds() throws Exception {
        Path chromium = HeadlessChromium.find();
        assumeTrue(chromium != null, "no Chromium here (/usr/bin/chromium or CGAN_CHROMIUM); apt-get install "
                + "chromium");
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path run = dir.resolve("run");
        RunDirectory layout = RunDirectory.at(run);
        List<String> args = List.of("train", "--data", data.toString(), "--out", run.toString(), "--steps",
                "1000000", "--batch-size", "8", "--sample-every", "40", "--checkpoint-every", "40",
                "--samples-per-class", "2");
        Duration patience = Duration.ofSeconds(180);
        try (TrainingProcess process = TrainingProcess.start(dir.resolve("logs"), "live", args);
             HeadlessChromium browser = new HeadlessChromium(chromium, dir.resolve("profile"), 1280, 1400)) {
            process.await("a live page with a grid after iteration 40", patience, Duration.ofMillis(50),
                    () -> liveIteration(layout.page()) >= 40);
            browser.open(layout.page().toUri().toString());
            long first = shownIteration(browser);
            assertTrue(first >= 40 && first % 40 == 0, "the live page shows a grid's iteration: " + first);
            assertEquals(1L, ((Number) browser.evaluate(
                    "document.querySelectorAll('meta[http-equiv=refresh]').length")).longValue(),
                    "a live page reloads itself");
            Set<String> firstImages = loadedImages(browser);
            assertTrue(firstImages.contains(String.format("samples/iter-%06d.png", first)), "shows " + firstImages);
            byte[] png = browser.screenshot();
            Path kept = Path.of("target", "browser", "live-during-run.png");
            Files.createDirectories(kept.getParent());
            Files.write(kept, png);
            assertNotBlank(ImageIO.read(new ByteArrayInputStream(png)));

            process.await("a later grid", patience, Duration.ofMillis(50),
                    () -> liveIteration(layout.page()) >= first + 80);
            browser.open(layout.page().toUri().toString());
            long later = shownIteration(browser);
            assertTrue(later >= first + 80, "the page moved on from iteration " + first + " to " + later);
            assertTrue(loadedImages(browser).contains(String.format("samples/iter-%06d.png", later)));
            assertEquals(List.of(), browser.problems(), "console errors and failed loads while live");

            process.signal("TERM");
            assertEquals(143, process.waitFor(patience), process::err);
            browser.open(layout.page().toUri().toString());
            String text = (String) browser.evaluate("document.body.innerText");
            assertTrue(text.contains("Run ended: interrupted."), text);
            assertEquals(0L, ((Number) browser.evaluate(
                    "document.querySelectorAll('meta[http-equiv=refresh]').length")).longValue(),
                    "an ended run's page no longer reloads");
            assertTrue(loadedImages(browser).containsAll(List.of("samples/final.png", "loss.png")));
            assertEquals(List.of(), browser.problems(), "console errors and failed loads after the end");
        }
    }

    /** The iteration a live page on disk says it is at, or -1 while there is no live page with a grid. */
    private static long liveIteration(Path page) {
        try {
            String html = Files.readString(page);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("samples/iter-(\\d+)\\.png").matcher(html);
            return html.contains("data-state=\"live\"") && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (java.io.IOException e) {
            return -1; // not written yet
        }
    }

    /** The iteration the page in the browser says training is at. */
    private static long shownIteration(HeadlessChromium browser) throws Exception {
        String state = (String) browser.evaluate("document.getElementById('run-state').innerText");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Live: training, iteration (\\d+) of 1000000")
                .matcher(state);
        assertTrue(m.find(), state);
        return Long.parseLong(m.group(1));
    }

    /** The {@code src} of every image on the page, each checked to have loaded and decoded. */
    private static Set<String> loadedImages(HeadlessChromium browser) throws Exception {
        List<?> images = (List<?>) Json.parse((String) browser.evaluate("JSON.stringify(Array.from("
                + "document.images, i => ({src: i.getAttribute('src'), complete: i.complete, "
                + "width: i.naturalWidth})))"));
        Set<String> shown = new HashSet<>();
        for (Object o : images) {
            Map<?, ?> image = (Map<?, ?>) o;
            shown.add((String) image.get("src"));
            assertEquals(Boolean.TRUE, image.get("complete"), "loaded: " + image);
            assertTrue(((Number) image.get("width")).longValue() > 0, "decoded: " + image);
        }
        return shown;
    }

    /** Six toy iterations with grids every two, a generated grid and both exports: a page with every section. */
    private Path finishedRun() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 40);
        Path run = dir.resolve("run");
        CliRun train = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "train", "--data", data.toString(),
                "--steps", "6", "--batch-size", "8", "--sample-every", "2", "--samples-per-class", "2", "--out",
                run.toString());
        assertEquals(0, train.exitCode(), train::err);
        CliRun grid = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "generate", "--run", run.toString(),
                "--grid", "--count", "3");
        assertEquals(0, grid.exitCode(), grid::err);
        for (String format : List.of("safetensors", "onnx")) {
            CliRun export = CliRun.of(ToyBackend.only(), "export", "--run", run.toString(), "--format", format);
            assertEquals(0, export.exitCode(), export::err);
        }
        return run;
    }

    /** A blank or failed render is one or two colours; a page of sample grids and plots has many. */
    private static void assertNotBlank(BufferedImage screenshot) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < screenshot.getHeight(); y += 2) {
            for (int x = 0; x < screenshot.getWidth(); x += 2) {
                colours.add(screenshot.getRGB(x, y));
            }
        }
        assertTrue(colours.size() >= 64, "the screenshot has only " + colours.size() + " colours");
    }
}
