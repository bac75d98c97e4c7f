package dev.cgan.core.output;

import dev.cgan.core.safetensors.Json;
import dev.cgan.core.safetensors.JsonSyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html}: one static page per run showing what a person wants to see — the final grid, the evolution
 * strip and animation, the loss plot, the evaluation plot when there is one, generated images and the exported
 * generator when they exist, and the summary (model, backend, data, classes, iterations, wall time, images/s, last
 * losses). Self-contained: inline style, no scripts, nothing fetched from elsewhere; images are the run's own files,
 * linked relatively, so the folder can be moved or served as it is. Every text from the run is HTML-escaped.
 */
public final class RunPage {

    private RunPage() {
    }

    /**
     * Writes {@code dir}'s {@code index.html} from what the directory holds now; call again to refresh it.
     *
     * @throws UncheckedIOException if it cannot be written
     */
    public static void write(RunDirectory dir) {
        try {
            AtomicFile.write(dir.page(), html(dir).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.page() + ": " + RunDirectory.reason(e), e);
        }
    }

    /**
     * Writes {@code dir}'s {@code index.html} while the run is still training: the same page plus a progress line
     * (iteration of total, ETA), the latest sample grid, and a {@code meta refresh} so an open browser follows the
     * run. The page written by {@link #write(RunDirectory)} at the end has no refresh.
     *
     * @throws UncheckedIOException if it cannot be written
     */
    public static void writeLive(RunDirectory dir, LiveProgress progress) {
        try {
            AtomicFile.write(dir.page(), html(dir, progress).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.page() + ": " + RunDirectory.reason(e), e);
        }
    }

    /**
     * Writes the page of a run that failed before its end (no summary): no refresh, and it says the run failed.
     *
     * @throws UncheckedIOException if it cannot be written
     */
    public static void writeFailed(RunDirectory dir) {
        try {
            String html = html(dir).replace("<p>No summary.json: the run has not finished.</p>\n",
                    "<p id=\"run-state\" data-state=\"ended\"><strong>Run ended:</strong> failed before its end "
                            + "(see the command's error).</p>\n");
            AtomicFile.write(dir.page(), html.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.page() + ": " + RunDirectory.reason(e), e);
        }
    }

    /**
     * Where a live run stands.
     *
     * @param iteration iterations done
     * @param total planned iterations
     * @param etaSeconds estimated seconds left, negative when not known yet
     * @param latestGrid the newest sample grid, or null before the first
     * @param refreshSeconds how often the page reloads itself
     */
    public record LiveProgress(long iteration, long total, double etaSeconds, Path latestGrid, int refreshSeconds) {
        public LiveProgress {
            if (refreshSeconds < 1) {
                throw new IllegalArgumentException("refreshSeconds must be at least 1, got " + refreshSeconds);
            }
        }
    }

    /** The final page for {@code dir}. */
    static String html(RunDirectory dir) {
        return html(dir, null);
    }

    /** The page for {@code dir}; live when {@code live} is not null. */
    static String html(RunDirectory dir, LiveProgress live) {
        Map<String, Object> summary = summary(dir.summary());
        String model = text(summary.get("model"));
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(live == null ? "" : "<meta http-equiv=\"refresh\" content=\"" + live.refreshSeconds()
                        + "\">\n")
                .append("<title>cgan run ")
                .append(escape(dir.root().getFileName() == null ? "" : dir.root().getFileName().toString()))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222;max-width:1400px}")
                .append("img{max-width:100%;image-rendering:pixelated;border:1px solid #ddd}")
                .append("table{border-collapse:collapse}td,th{text-align:left;padding:2px 12px 2px 0;"
                        + "vertical-align:top}th{color:#555;font-weight:normal}")
                .append("h2{margin-top:1.6em}\n</style>\n</head>\n<body>\n");
        b.append("<h1>").append(escape(model.isEmpty() ? "cgan run" : model)).append(" &mdash; ")
                .append(escape(dir.root().toString())).append("</h1>\n");
        if (live != null) {
            b.append("<p id=\"run-state\" data-state=\"live\"><strong>Live:</strong> training, iteration ")
                    .append(live.iteration()).append(" of ").append(live.total()).append(" (")
                    .append(live.total() > 0 ? 100 * live.iteration() / live.total() : 0).append("%), ETA ")
                    .append(escape(eta(live.etaSeconds()))).append(". This page reloads every ")
                    .append(live.refreshSeconds()).append(" s.</p>\n");
            if (live.latestGrid() != null) {
                image(b, dir, live.latestGrid(), "Latest samples", "The newest sample grid, iteration "
                        + live.iteration() + ".");
            }
        } else if (!summary.isEmpty()) {
            b.append("<p id=\"run-state\" data-state=\"ended\"><strong>Run ended:</strong> ")
                    .append(escape(text(summary.get("stop_reason")))).append(".</p>\n");
        }
        if (summary.isEmpty()) {
            b.append(live != null ? "" : "<p>No summary.json: the run has not finished.</p>\n");
        } else {
            b.append("<table>\n");
            row(b, "model", model);
            row(b, "backend", text(summary.get("backend")) + " on " + text(summary.get("device")));
            row(b, "data", text(summary.get("dataset")));
            row(b, "classes", summary.get("classes") instanceof List<?> l ? joined(l) : "");
            row(b, "iterations", text(summary.get("iterations")) + " of " + text(summary.get("planned_iterations"))
                    + " (" + text(summary.get("stop_reason")) + ")");
            row(b, "batch size, seed", text(summary.get("batch_size")) + ", " + text(summary.get("seed")));
            if (summary.get("loss") instanceof String loss) {
                row(b, "loss", loss);
            }
            if (summary.get("ema") instanceof Map<?, ?> ema) {
                row(b, "generator average", "EMA on, decay " + text(ema.get("decay")) + averagedFrom(ema.get("start"))
                        + ": samples, generate, evaluate and export use the averaged weights");
            }
            if (summary.get("diffaugment") instanceof List<?> policies) {
                row(b, "DiffAugment", joined(policies) + " (the discriminator's images, real and generated)");
            }
            row(b, "wall time", text(summary.get("wall_seconds")) + " s");
            row(b, "images/s", text(summary.get("images_per_second")));
            if (summary.get("last") instanceof Map<?, ?> last) {
                row(b, "last losses", String.format(Locale.ROOT, "D %s, G %s; D(x) %s, D(G(z)) %s",
                        text(last.get("loss_d")), text(last.get("loss_g")), text(last.get("d_real")),
                        text(last.get("d_fake"))));
            }
            row(b, "finished", text(summary.get("finished")));
            b.append("</table>\n");
        }
        image(b, dir, dir.finalSample(), "Samples after training",
                "One row per class, generated from fixed noise" + (summary.get("ema") instanceof Map<?, ?>
                        ? " by the moving average (EMA) of the generator." : "."));
        image(b, dir, dir.evolutionStrip(), "How the samples changed over training",
                "The same noise after each sampling interval, oldest first.");
        image(b, dir, dir.evolutionGif(), "The same, animated", "");
        image(b, dir, dir.lossPlot(), "Losses", "");
        image(b, dir, dir.evalPlot(), "Evaluation", "");
        image(b, dir, dir.generated().resolve("grid.png"), "Generated", "The latest grid from cgan-cli generate.");
        image(b, dir, dir.generated().resolve("interpolation.png"), "Interpolation",
                "The latest cgan-cli generate --interpolate: one row per noise.");
        List<String> links = new ArrayList<>();
        for (Path p : List.of(dir.summary(), dir.metrics(), dir.exportedGenerator(), dir.exportedOnnx())) {
            if (Files.exists(p)) {
                links.add("<a href=\"" + escape(relative(dir, p)) + "\">" + escape(relative(dir, p)) + "</a>");
            }
        }
        if (!links.isEmpty()) {
            b.append("<h2>Files</h2>\n<p>").append(String.join(" &middot; ", links)).append("</p>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /** ", averaging from iteration N", or nothing when the average starts at once. */
    private static String averagedFrom(Object start) {
        return start instanceof Number n && n.longValue() > 1 ? ", averaging from iteration " + n.longValue() : "";
    }

    private static String eta(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "unknown";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }

    /** Escapes text for HTML content and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, Object> summary(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | JsonSyntaxException e) {
            return Map.of();
        }
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static void image(StringBuilder b, RunDirectory dir, Path file, String title, String caption) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        String src = escape(relative(dir, file));
        b.append("<h2>").append(escape(title)).append("</h2>\n");
        if (!caption.isEmpty()) {
            b.append("<p>").append(escape(caption)).append("</p>\n");
        }
        b.append("<a href=\"").append(src).append("\"><img src=\"").append(src).append("\" alt=\"")
                .append(escape(title)).append("\"></a>\n");
    }

    private static String relative(RunDirectory dir, Path file) {
        return dir.root().relativize(file).toString().replace('\\', '/');
    }

    private static String joined(List<?> items) {
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            out.add(text(o));
        }
        return String.join(", ", out);
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
