package dev.cgan.core.output;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code eval.png}: the evaluation figures over a run — the label accuracy of generated samples under the
 * classifier's accuracy on real test images (its ceiling, dashed line at the last value), and the Fréchet distance.
 */
public final class EvalPlot {

    private static final Color BLUE = new Color(31, 119, 180);
    private static final Color RED = new Color(214, 39, 40);

    private EvalPlot() {
    }

    /**
     * Draws the figures and writes them to {@code file} atomically.
     *
     * @param iterations        the evaluated iterations, increasing
     * @param ceiling           the classifier's real test accuracy (the same at every point, or nearly)
     * @param generatedAccuracy label accuracy of generated samples at each iteration
     * @param frechet           Fréchet distance at each iteration
     */
    public static void write(Path file, double[] iterations, double ceiling, double[] generatedAccuracy,
                             double[] frechet) {
        int width = LossPlot.WIDTH;
        int height = LossPlot.HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double xMin = iterations.length > 0 ? Math.min(0, iterations[0]) : 0;
            double xMax = iterations.length > 0 ? Math.max(iterations[iterations.length - 1], xMin + 1) : 1;
            int top = height / 2;
            PlotPanel.draw(g, new Rectangle(0, 0, width, top), new PlotPanel.Spec(
                    String.format(java.util.Locale.ROOT, "Generated samples classified as their label "
                            + "(dashed: classifier on real test images, %.1f%%)", 100 * ceiling),
                    "iteration", "accuracy", iterations,
                    List.of(new PlotPanel.Series("generated", BLUE, generatedAccuracy, generatedAccuracy)),
                    xMin, xMax, 0, 1, ceiling));
            double fdMax = 0;
            for (double v : frechet) {
                fdMax = Math.max(fdMax, v);
            }
            PlotPanel.draw(g, new Rectangle(0, top, width, height - top), new PlotPanel.Spec(
                    "Fr\u00e9chet distance between real and generated classifier features (lower is better)",
                    "iteration", "distance", iterations,
                    List.of(new PlotPanel.Series("Fr\u00e9chet distance", RED, frechet, frechet)),
                    xMin, xMax, 0, fdMax > 0 ? fdMax * 1.05 : 1, Double.NaN));
        } finally {
            g.dispose();
        }
        try {
            AtomicFile.write(file, SampleGridImage.png(image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunDirectory.reason(e), e);
        }
    }

}
