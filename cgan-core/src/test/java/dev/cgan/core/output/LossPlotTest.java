package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.StepLosses;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheDeclaredSize() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir);
        LossPlot plot = new LossPlot(run);
        plot.onStart(OutputFixtures.run(dir, 1));
        for (long i = 1; i <= 2000; i++) {
            plot.onIteration(OutputFixtures.iteration(i));
        }

        plot.onFinish(new RunSummary(2000, 10, 160, null, "completed"));

        BufferedImage png = ImageIO.read(run.lossPlot().toFile());
        assertEquals(LossPlot.WIDTH, png.getWidth());
        assertEquals(LossPlot.HEIGHT, png.getHeight());
    }

    @Test
    void anEmptyOrDivergedHistoryStillRenders() {
        LossPlot plot = new LossPlot(dir.resolve("loss.png"), null);
        assertEquals(LossPlot.WIDTH, plot.render().getWidth(), "no iterations yet");
        plot.add(1, new StepLosses(Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, 0.5));
        plot.add(2, new StepLosses(1, 1, 0.5, 0.5));
        assertEquals(LossPlot.HEIGHT, plot.render().getHeight(), "non-finite points are skipped");
    }

    @Test
    void theCurvesAreActuallyDrawn() {
        LossPlot plot = new LossPlot(dir.resolve("loss.png"), null);
        BufferedImage empty = plot.render();
        for (long i = 1; i <= 300; i++) {
            plot.add(i, OutputFixtures.iteration(i).losses());
        }
        BufferedImage drawn = plot.render();
        int differing = 0;
        for (int y = 0; y < drawn.getHeight(); y += 2) {
            for (int x = 0; x < drawn.getWidth(); x += 2) {
                if (drawn.getRGB(x, y) != empty.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertNotEquals(0, differing);
    }

    @Test
    void ticksAreRoundNumbersInsideTheRange() {
        assertArrayEquals(new double[] {0, 200, 400, 600, 800, 1000}, PlotPanel.niceTicks(0, 1000, 6, 0), 1e-9);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, PlotPanel.niceTicks(0, 1, 5, 0), 1e-9);
        assertEquals("0.4", PlotPanel.format(0.4, PlotPanel.niceTicks(0, 1, 5, 0)));
        assertEquals("1500", PlotPanel.format(1500, PlotPanel.niceTicks(0, 3000, 6, 0)));
        assertArrayEquals(new double[] {1, 2, 3}, PlotPanel.niceTicks(1, 3, 10, 1), 1e-9, "whole iterations");
    }

    @Test
    void smoothingIsACentredMeanThatSkipsNaN() {
        double[] smoothed = PlotPanel.smooth(new double[] {1, 2, Double.NaN, 4, 5}, 3);
        assertArrayEquals(new double[] {1.5, 1.5, 3, 4.5, 4.5}, smoothed, 1e-12);
    }
}
