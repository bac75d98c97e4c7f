package dev.cgan.core.output;

import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes {@code summary.json} when a run ends: what ran (backend, device, model, dataset, classes, seed and settings,
 * {@code ema} null or the generator average's {@code decay} and {@code start}, {@code diffaugment} null or its
 * policies in order), {@code loss} ({@code bce} or {@code hinge}),
 * how far and how fast it got, its last losses and why it stopped. One small pretty-printed file, the first thing to
 * read when comparing runs.
 */
public final class RunSummaryWriter implements TrainingListener {

    private final Path file;
    private RunInfo run;
    private Instant started;

    /** Writes {@code dir}'s {@code summary.json}. */
    public RunSummaryWriter(RunDirectory dir) {
        this(dir.summary());
    }

    /** Writes {@code file}. */
    public RunSummaryWriter(Path file) {
        this.file = file;
    }

    @Override
    public void onStart(RunInfo run) {
        this.run = run;
        this.started = Instant.now();
    }

    @Override
    public void onFinish(RunSummary summary) {
        if (run == null) {
            return; // the run failed before it started; there is nothing to summarise
        }
        String json = toJson(run, summary, started, Instant.now());
        try {
            AtomicFile.write(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunDirectory.reason(e), e);
        }
    }

    /** The summary document. */
    public static String toJson(RunInfo run, RunSummary summary, Instant started, Instant finished) {
        var c = run.config();
        StepLosses last = summary.last();
        String lastJson = last == null ? "null"
                : "{\"loss_d\": " + JsonText.number(last.lossD())
                        + ", \"loss_g\": " + JsonText.number(last.lossG())
                        + ", \"d_real\": " + JsonText.number(last.dReal())
                        + ", \"d_fake\": " + JsonText.number(last.dFake()) + "}";
        return "{\n"
                + field("backend", JsonText.quote(run.backend()))
                + field("device", JsonText.quote(run.device()))
                + field("model", JsonText.quote(run.model().name()))
                + field("dataset", JsonText.quote(run.datasetDescription()))
                + field("dataset_size", Integer.toString(run.datasetSize()))
                + field("classes", JsonText.strings(run.classNames()))
                + field("seed", Long.toString(c.seed()))
                + field("batch_size", Integer.toString(c.batchSize()))
                + field("learning_rate", JsonText.number(c.lr()))
                + field("betas", "[" + JsonText.number(c.beta1()) + ", " + JsonText.number(c.beta2()) + "]")
                + field("ema", !c.ema().isOn() ? "null" : "{\"decay\": " + JsonText.number(c.ema().decay())
                        + ", \"start\": " + c.ema().start() + "}")
                + field("diffaugment", !c.diffAugment().isOn() ? "null" : JsonText.strings(
                        c.diffAugment().policies().stream().map(p -> p.word()).toList()))
                + field("loss", c.loss() == null ? "null" : JsonText.quote(c.loss().label()))
                + field("first_iteration", Long.toString(run.firstIteration()))
                + field("planned_iterations", Long.toString(run.totalIterations()))
                + field("iterations", Long.toString(summary.iterations()))
                + field("wall_seconds", JsonText.number(summary.wallSeconds(), 2))
                + field("images_per_second", JsonText.number(summary.imagesPerSecond(), 1))
                + field("last", lastJson)
                + field("stop_reason", JsonText.quote(summary.stopReason()))
                + field("started", JsonText.quote(started.truncatedTo(ChronoUnit.SECONDS).toString()))
                + "  \"finished\": " + JsonText.quote(finished.truncatedTo(ChronoUnit.SECONDS).toString()) + "\n"
                + "}\n";
    }

    private static String field(String name, String json) {
        return "  " + JsonText.quote(name) + ": " + json + ",\n";
    }
}
