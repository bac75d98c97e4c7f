package dev.cgan.cli.progress;

import dev.cgan.core.output.RunDirectory;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first and last things a run says: one line with what is being trained where (backend, device, model, data,
 * iterations, output directory), and at the end how it went and where its outputs are. Registered after the file
 * writers, so the files it lists are the ones they just wrote.
 */
public final class RunAnnouncer implements TrainingListener {

    private final PrintWriter out;
    private final RunDirectory dir;
    private Path checkpoint;
    private RunInfo run;

    /** Announces on {@code out} a run writing into {@code dir}. */
    public RunAnnouncer(PrintWriter out, RunDirectory dir) {
        this.out = out;
        this.dir = dir;
    }

    @Override
    public void onStart(RunInfo run) {
        this.run = run;
        out.println(startLine(run, dir.root()));
        out.flush();
    }

    @Override
    public void onCheckpoint(long iteration, Path checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public void onFinish(RunSummary summary) {
        for (String line : endLines(summary)) {
            out.println(line);
        }
        out.flush();
    }

    static String startLine(RunInfo run, Path out) {
        var c = run.config();
        double epochs = run.iterationsPerEpoch() > 0 ? (double) run.totalIterations() / run.iterationsPerEpoch() : 0;
        String what = run.firstIteration() > 1
                ? String.format(Locale.ROOT, "Resuming %s at iteration %d of %d", run.model().name(),
                        run.firstIteration(), run.totalIterations())
                : String.format(Locale.ROOT, "Training %s for %d iterations", run.model().name(),
                        run.totalIterations());
        return String.format(Locale.ROOT, "%s (batch %d, %.1f epochs, seed %d) with %s on %s, data: %s; output: %s",
                what, c.batchSize(), epochs, c.seed(), run.backend(), run.device(), run.datasetDescription(), out);
    }

    private List<String> endLines(RunSummary s) {
        List<String> lines = new ArrayList<>();
        String pace = String.format(Locale.ROOT, "%s, %.0f images/s", Durations.format(s.wallSeconds()),
                s.imagesPerSecond());
        String reason = s.stopReason();
        if (reason.startsWith("diverged")) {
            lines.add("Stopped at iteration " + s.iterations() + " after " + pace + ": " + reason);
        } else if (reason.equals("interrupted")) {
            lines.add("Interrupted after iteration " + s.iterations() + " of "
                    + (run == null ? "?" : Long.toString(run.totalIterations())) + " (" + pace + ").");
            if (checkpoint != null) {
                lines.add("Continue with the same options plus: --resume " + dir.root());
            }
        } else {
            lines.add("Finished " + s.iterations() + " iterations in " + pace + ".");
        }
        lines.add("Outputs in " + dir.root() + ":");
        addIfPresent(lines, dir.finalSample(), "generated samples, one row per class");
        if (Files.exists(dir.sample(0))) {
            lines.add(String.format(Locale.ROOT, "  %-22s %s", "samples/iter-*.png", "samples over training"));
        }
        addIfPresent(lines, dir.lossPlot(), "loss curves, D(x) and D(G(z))");
        addIfPresent(lines, dir.metrics(), "one JSON line per iteration");
        addIfPresent(lines, dir.summary(), "backend, device, settings, timing, last losses");
        if (checkpoint != null && Files.exists(checkpoint)) {
            addIfPresent(lines, checkpoint, "weights, optimizer and RNG state");
        }
        return lines;
    }

    private void addIfPresent(List<String> lines, Path file, String what) {
        if (Files.exists(file)) {
            String name;
            try {
                name = dir.root().relativize(file).toString();
            } catch (IllegalArgumentException e) {
                name = file.toString(); // one path absolute, the other relative: show it whole
            }
            lines.add(String.format(Locale.ROOT, "  %-22s %s", name, what));
        }
    }
}
