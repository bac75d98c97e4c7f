package dev.cgan.cli.progress;

import dev.cgan.cli.OptionNames;
import dev.cgan.core.output.RunDirectory;
import dev.cgan.core.train.GanLoss;
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
        String ema = (c.ema().isOn() ? ", generator EMA " + c.ema().describe() : "")
                + (c.diffAugment().isOn() ? ", DiffAugment " + c.diffAugment().describe() : "");
        // The loss only when it is not the model's own (a run's settings always name it: the trainer resolves it).
        String loss = c.loss() != null && c.loss() != GanLoss.defaultFor(run.model()) ? ", loss " + c.loss().label()
                : "";
        return String.format(Locale.ROOT, "%s (batch %d, %s epochs, seed %d%s%s) with %s on %s, data: %s; output: %s",
                what, c.batchSize(), epochs(epochs), c.seed(), ema, loss, run.backend(), run.device(),
                run.datasetDescription(), out);
    }

    /** Epochs with the precision that says something: 12, 2.5, 0.08, and not "0.0" for a short trial run. */
    static String epochs(double epochs) {
        if (epochs >= 10) {
            return String.format(Locale.ROOT, "%.0f", epochs);
        }
        if (epochs >= 1) {
            return String.format(Locale.ROOT, "%.1f", epochs);
        }
        return epochs >= 0.01 ? String.format(Locale.ROOT, "%.2f", epochs) : "<0.01";
    }

    private List<String> endLines(RunSummary s) {
        List<String> lines = new ArrayList<>();
        String pace = String.format(Locale.ROOT, "%s, %.0f images/s", Durations.format(s.wallSeconds()),
                s.imagesPerSecond());
        String reason = s.stopReason();
        if (reason.startsWith("diverged")) {
            lines.add("Stopped at iteration " + s.iterations() + " after " + pace + ": "
                    + OptionNames.render(s.stop()));
        } else if (reason.equals("interrupted") || reason.equals("time limit reached")) {
            lines.add((reason.equals("interrupted") ? "Interrupted" : "Reached the time limit") + " after iteration "
                    + s.iterations() + " of " + (run == null ? "?" : Long.toString(run.totalIterations())) + " ("
                    + pace + ").");
            if (checkpoint != null) {
                lines.add("Continue with the same options plus: --resume " + dir.root());
            }
        } else if (run != null && run.firstIteration() > 1) {
            long here = s.iterations() - run.firstIteration() + 1;
            lines.add("Finished at iteration " + s.iterations() + " (" + here + " iterations in " + pace + ").");
        } else {
            lines.add("Finished " + s.iterations() + " iterations in " + pace + ".");
        }
        lines.add("Outputs in " + dir.root() + ":");
        List<String[]> files = new ArrayList<>();
        addIfPresent(files, dir.finalSample(), "generated samples, one row per class");
        if (Files.exists(dir.sample(0))) {
            files.add(new String[] {"samples/iter-*.png", "samples over training"});
        }
        addIfPresent(files, dir.evolutionGif(), "the samples over training, animated (and evolution.png)");
        addIfPresent(files, dir.lossPlot(), "loss curves, D(x) and D(G(z))");
        addIfPresent(files, dir.metrics(), "one JSON line per iteration");
        addIfPresent(files, dir.summary(), "backend, device, settings, timing, last losses");
        addIfPresent(files, dir.page(), "all of the above on one page");
        if (checkpoint != null) {
            addIfPresent(files, checkpoint, "weights, optimizer and RNG state");
        }
        int width = files.stream().mapToInt(f -> f[0].length()).max().orElse(0);
        for (String[] f : files) {
            lines.add("  " + f[0] + " ".repeat(width - f[0].length() + 2) + f[1]);
        }
        return lines;
    }

    private void addIfPresent(List<String[]> files, Path file, String what) {
        if (Files.exists(file)) {
            String name;
            try {
                name = dir.root().relativize(file).toString();
            } catch (IllegalArgumentException e) {
                name = file.toString(); // one path absolute, the other relative: show it whole
            }
            files.add(new String[] {name, what});
        }
    }
}
