package dev.cgan.core.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.Locale;

/**
 * One chart of a loss plot: a frame with ticks and grid, any number of series drawn as a light raw line under a
 * darker smoothed one, an optional dashed reference line, and a legend.
 */
final class PlotPanel {

    /** A curve: raw values and their smoothed version (same length as the x values). */
    record Series(String name, Color color, double[] raw, double[] smoothed) {
    }

    /** What to draw: titles, data and the value ranges of both axes. */
    record Spec(String title, String xLabel, String yLabel, double[] xs, List<Series> series, double xMin,
                double xMax, double yMin, double yMax, double referenceY) {
    }

    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_RIGHT = 18;
    private static final int MARGIN_TOP = 28;
    private static final int MARGIN_BOTTOM = 44;
    private static final Color AXIS = new Color(0x44, 0x44, 0x44);
    private static final Color GRID = new Color(0xE4, 0xE4, 0xE4);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Alpha of the raw line: light enough that the smoothed trend reads first. */
    private static final int RAW_ALPHA = 70;

    private PlotPanel() {
    }

    static void draw(Graphics2D g, Rectangle bounds, Spec spec) {
        Rectangle plot = new Rectangle(bounds.x + MARGIN_LEFT, bounds.y + MARGIN_TOP,
                bounds.width - MARGIN_LEFT - MARGIN_RIGHT, bounds.height - MARGIN_TOP - MARGIN_BOTTOM);
        TextPainter text = new TextPainter(g, TITLE_FONT);
        g.setColor(AXIS);
        // Titles name the dataset, whose description can be long (a path); they must not run off the image.
        text.draw(text.fit(spec.title(), plot.width), plot.x, bounds.y + MARGIN_TOP - 9);

        // Iterations are whole numbers: a short run gets ticks 1, 2, 3, never 1.5.
        double[] xTicks = niceTicks(spec.xMin(), spec.xMax(), Math.max(2, plot.width / 90), 1);
        double[] yTicks = niceTicks(spec.yMin(), spec.yMax(), Math.max(2, plot.height / 35), 0);
        text.font(TICK_FONT);
        g.setStroke(new BasicStroke(1f));
        for (double t : xTicks) {
            double x = mapX(spec, plot, t);
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, plot.y, x, plot.y + plot.height));
            g.setColor(AXIS);
            g.draw(new Line2D.Double(x, plot.y + plot.height, x, plot.y + plot.height + 4));
            text.drawCentred(format(t, xTicks), (int) Math.round(x), plot.y + plot.height + 6 + text.ascent());
        }
        for (double t : yTicks) {
            double y = mapY(spec, plot, t);
            g.setColor(GRID);
            g.draw(new Line2D.Double(plot.x, y, plot.x + plot.width, y));
            g.setColor(AXIS);
            g.draw(new Line2D.Double(plot.x - 4, y, plot.x, y));
            text.drawRight(format(t, yTicks), plot.x - 6, (int) Math.round(y) + text.ascent() / 2 - 1);
        }
        text.font(LABEL_FONT);
        text.drawCentred(spec.xLabel(), plot.x + plot.width / 2, bounds.y + bounds.height - 6);
        text.drawVertical(spec.yLabel(), bounds.x + 14, plot.y + plot.height / 2);

        Shape savedClip = g.getClip();
        g.clip(plot);
        if (Double.isFinite(spec.referenceY())) {
            double y = mapY(spec, plot, spec.referenceY());
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f},
                    0f));
            g.draw(new Line2D.Double(plot.x, y, plot.x + plot.width, y));
        }
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Series s : spec.series()) {
            Color c = s.color();
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), RAW_ALPHA));
            g.draw(path(spec, plot, s.raw()));
        }
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Series s : spec.series()) {
            g.setColor(s.color());
            g.draw(path(spec, plot, s.smoothed()));
        }
        g.setClip(savedClip);

        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.draw(plot);
        drawLegend(g, text, plot, spec.series());
    }

    private static void drawLegend(Graphics2D g, TextPainter text, Rectangle plot, List<Series> series) {
        text.font(TICK_FONT);
        int swatch = 22;
        int lineHeight = Math.max(14, text.height() + 2);
        int textWidth = 0;
        for (Series s : series) {
            textWidth = Math.max(textWidth, text.width(s.name()));
        }
        int width = swatch + 16 + textWidth;
        int height = series.size() * lineHeight + 8;
        int x = plot.x + plot.width - width - 8;
        int y = plot.y + 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(x, y, width, height);
        g.setColor(GRID.darker());
        g.drawRect(x, y, width, height);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int mid = y + 4 + i * lineHeight + lineHeight / 2;
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f));
            g.drawLine(x + 6, mid, x + 6 + swatch, mid);
            g.setColor(AXIS);
            text.draw(s.name(), x + 12 + swatch, mid + text.ascent() / 2 - 1);
        }
    }

    /**
     * The polyline of {@code ys} over the spec's x values. When there are more points than pixel columns, each
     * column is drawn as the vertical span of its points (entry, min, max, exit), which looks exactly like the full
     * line but costs one segment per pixel instead of one per iteration. Non-finite points are skipped.
     */
    static Path2D path(Spec spec, Rectangle plot, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        double[] xs = spec.xs();
        boolean started = false;
        long column = Long.MIN_VALUE;
        double first = 0;
        double min = 0;
        double max = 0;
        double last = 0;
        // Far-off spikes are clamped just outside the plot so the rasteriser never sees absurd coordinates.
        double lo = plot.y - 10.0;
        double hi = plot.y + plot.height + 10.0;
        for (int i = 0; i < ys.length; i++) {
            if (!Double.isFinite(ys[i])) {
                continue;
            }
            double y = Math.max(lo, Math.min(hi, mapY(spec, plot, ys[i])));
            long col = (long) Math.floor(mapX(spec, plot, xs[i]));
            if (col != column) {
                if (column != Long.MIN_VALUE) {
                    started = emitColumn(p, started, column, first, min, max, last);
                }
                column = col;
                first = y;
                min = y;
                max = y;
            } else {
                min = Math.min(min, y);
                max = Math.max(max, y);
            }
            last = y;
        }
        if (column != Long.MIN_VALUE) {
            emitColumn(p, started, column, first, min, max, last);
        }
        return p;
    }

    private static boolean emitColumn(Path2D.Double p, boolean started, long column, double first, double min,
                                      double max, double last) {
        double x = column + 0.5;
        if (started) {
            p.lineTo(x, first);
        } else {
            p.moveTo(x, first);
        }
        if (min < max) {
            p.lineTo(x, min);
            p.lineTo(x, max);
        }
        p.lineTo(x, last);
        return true;
    }

    private static double mapX(Spec spec, Rectangle plot, double x) {
        return plot.x + (x - spec.xMin()) / (spec.xMax() - spec.xMin()) * plot.width;
    }

    private static double mapY(Spec spec, Rectangle plot, double y) {
        return plot.y + plot.height - (y - spec.yMin()) / (spec.yMax() - spec.yMin()) * plot.height;
    }

    /**
     * Tick positions at 1, 2 or 5 times a power of ten, inside [lo, hi], about {@code target} of them: the values a
     * person would write on an axis by hand. The spacing is at least {@code minStep} (0 for none).
     */
    static double[] niceTicks(double lo, double hi, int target, double minStep) {
        double span = hi - lo;
        if (!(span > 0) || !Double.isFinite(span)) {
            return new double[] {lo};
        }
        double rough = span / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double step = Math.max(minStep, (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude);
        double start = Math.ceil(lo / step - 1e-9) * step;
        int count = (int) Math.floor((hi - start) / step + 1e-9) + 1;
        double[] ticks = new double[Math.max(count, 0)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = start + i * step;
        }
        return ticks;
    }

    /** A tick label with as many decimals as the tick spacing needs, and no more. */
    static String format(double value, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(value);
        int decimals = step > 0 && step < 1 ? (int) Math.ceil(-Math.log10(step) - 1e-9) : 0;
        if (Math.abs(value) < step * 1e-6) {
            value = 0; // avoid "-0.0" from accumulated rounding
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * A centred moving average over {@code window} points (shrinking at the ends, skipping non-finite values): unlike
     * an exponential average it does not lag behind the raw line.
     */
    static double[] smooth(double[] ys, int window) {
        int n = ys.length;
        double[] sum = new double[n + 1];
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            boolean ok = Double.isFinite(ys[i]);
            sum[i + 1] = sum[i] + (ok ? ys[i] : 0);
            count[i + 1] = count[i] + (ok ? 1 : 0);
        }
        int half = Math.max(0, window / 2);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half);
            int b = Math.min(n, i + half + 1);
            int k = count[b] - count[a];
            out[i] = k == 0 ? Double.NaN : (sum[b] - sum[a]) / k;
        }
        return out;
    }
}
