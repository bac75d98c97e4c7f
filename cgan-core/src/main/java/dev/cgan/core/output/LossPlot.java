package dev.cgan.core.output;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.SampleGrid;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.TrainingListener;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code loss.png}: the discriminator's and generator's losses over iterations (top), and the discriminator's mean
 * outputs D(x|y) on real and D(G(z|y)|y) on fake images (bottom, with the 0.5 of a perfectly confused discriminator
 * dashed). Each curve is a light raw line under a smoothed one, since GAN losses are too noisy to read raw.
 *
 * <p>As a listener it collects every iteration and redraws the file at each sample grid and at the end. When a run
 * resumes, the earlier iterations are read back from {@code metrics.jsonl} so the plot still covers the whole run.
 */
public final class LossPlot implements TrainingListener {

    /** Image width in pixels. */
    public static final int WIDTH = 960;
    /** Image height in pixels. */
    public static final int HEIGHT = 720;

    // Matplotlib's default palette, which GAN papers and tutorials have made familiar.
    private static final Color BLUE = new Color(31, 119, 180);
    private static final Color ORANGE = new Color(255, 127, 14);
    private static final Color GREEN = new Color(44, 160, 44);
    private static final Color RED = new Color(214, 39, 40);
    /** Points per smoothing window: 1/50 of the run keeps the shape of a trend while removing batch noise. */
    private static final int SMOOTHING_FRACTION = 50;

    private final Path file;
    private final Path metrics;
    private final LossHistory history = new LossHistory();
    private String subtitle = "";

    /** Plots into {@code dir}'s {@code loss.png}, reading earlier iterations from its metrics file on resume. */
    public LossPlot(RunDirectory dir) {
        this(dir.lossPlot(), dir.metrics());
    }

    /** Plots into {@code file}; {@code metrics} (may be null) is read back on resume. */
    public LossPlot(Path file, Path metrics) {
        this.file = file;
        this.metrics = metrics;
    }

    /** Records one iteration's figures. */
    public void add(long iteration, StepLosses losses) {
        history.add(iteration, losses.lossD(), losses.lossG(), losses.dReal(), losses.dFake());
    }

    @Override
    public void onStart(RunInfo run) {
        // The dataset last: its description may be long and is the part that gets shortened to fit.
        subtitle = run.model().name() + ", " + run.backend() + " on " + run.device() + ", " + run.datasetDescription();
        if (run.firstIteration() > 1 && metrics != null && history.size() == 0) {
            for (MetricsLine line : MetricsLog.read(metrics)) {
                if (line.iteration() < run.firstIteration()) {
                    history.add(line.iteration(), line.lossD(), line.lossG(), line.dReal(), line.dFake());
                }
            }
        }
    }

    @Override
    public void onIteration(IterationRecord record) {
        add(record.iteration(), record.losses());
    }

    @Override
    public void onSamples(SampleGrid samples) {
        write();
    }

    @Override
    public void onFinish(RunSummary summary) {
        write();
    }

    /** Draws the plot as it stands. */
    public BufferedImage render() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);

            double[] xs = history.iterations();
            double xMin = history.size() > 0 ? history.firstIteration() : 0;
            double xMax = history.size() > 0 ? history.lastIteration() : 1;
            if (xMax <= xMin) {
                xMax = xMin + 1;
            }
            int n = history.size();
            // At least a 5-point window once there are enough points: a short run's curve needs smoothing too.
            int window = Math.max(1, Math.max(Math.min(5, n / 10), n / SMOOTHING_FRACTION));
            var lossD = series("D loss", BLUE, history.lossD(), window);
            var lossG = series("G loss", ORANGE, history.lossG(), window);
            double[] lossRange = lossRange(lossD, lossG);
            String lossTitle = "Losses" + (subtitle.isEmpty() ? "" : " \u2014 " + subtitle);
            int top = (int) (HEIGHT * 0.6);
            PlotPanel.draw(g, new Rectangle(0, 0, WIDTH, top), new PlotPanel.Spec(lossTitle, "iteration",
                    "BCE loss", xs, List.of(lossD, lossG), xMin, xMax, lossRange[0], lossRange[1], Double.NaN));
            var dReal = series("D(x) on real", GREEN, history.dReal(), window);
            var dFake = series("D(G(z)) on fake", RED, history.dFake(), window);
            PlotPanel.draw(g, new Rectangle(0, top, WIDTH, HEIGHT - top), new PlotPanel.Spec(
                    "Discriminator outputs", "iteration", "mean D", xs, List.of(dReal, dFake), xMin, xMax, 0, 1,
                    0.5));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders and writes the plot to its file, atomically. */
    public void write() {
        try {
            AtomicFile.write(file, SampleGridImage.png(render()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunDirectory.reason(e), e);
        }
    }

    private static PlotPanel.Series series(String name, Color color, double[] raw, int window) {
        return new PlotPanel.Series(name, color, raw, PlotPanel.smooth(raw, window));
    }

    /**
     * From 0 to a little above the 99th percentile of the raw losses (or the smoothed maximum, if higher): one early
     * spike of 20 must not flatten the curves of a whole run into the bottom pixels.
     */
    private static double[] lossRange(PlotPanel.Series... series) {
        double lo = 0;
        double hi = 0;
        for (PlotPanel.Series s : series) {
            double[] finite = Arrays.stream(s.raw()).filter(Double::isFinite).sorted().toArray();
            if (finite.length > 0) {
                lo = Math.min(lo, finite[0]);
                hi = Math.max(hi, finite[(int) Math.floor((finite.length - 1) * 0.99)]);
            }
            hi = Math.max(hi, Arrays.stream(s.smoothed()).filter(Double::isFinite).max().orElse(0));
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        return new double[] {lo, hi + (hi - lo) * 0.08};
    }
}
