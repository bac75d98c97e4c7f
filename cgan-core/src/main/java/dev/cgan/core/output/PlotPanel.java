package dev.cgan.core.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One chart of a loss or evaluation plot, laid out and drawn by XChart: any number of series drawn as a light raw line
 * under a darker smoothed one, an optional dashed reference line, axis titles and a legend. What stays here is what
 * cgan decides about its data: the smoothing, the value ranges, and tick labels that suit iterations.
 */
final class PlotPanel {

    /** A curve: raw values and their smoothed version (same length as the x values). */
    record Series(String name, Color color, double[] raw, double[] smoothed) {
    }

    /** What to draw: titles, data and the value ranges of both axes. */
    record Spec(String title, String xLabel, String yLabel, double[] xs, List<Series> series, double xMin,
                double xMax, double yMin, double yMax, double referenceY) {
    }

    private static final Color AXIS = new Color(0x44, 0x44, 0x44);
    private static final Color GRID = new Color(0xE4, 0xE4, 0xE4);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Alpha of the raw line: light enough that the smoothed trend reads first. */
    private static final int RAW_ALPHA = 70;
    /** Horizontal room the title loses to the chart's padding and the y axis. */
    private static final int TITLE_MARGIN = 80;

    private PlotPanel() {
    }

    /**
     * Draws the chart into {@code bounds} of {@code g}. Where the JRE has no usable font (see {@link TextPainter}),
     * XChart cannot lay out a chart and the panel stays blank rather than failing the run.
     */
    static void draw(Graphics2D g, Rectangle bounds, Spec spec) {
        Graphics2D panel = (Graphics2D) g.create(bounds.x, bounds.y, bounds.width, bounds.height);
        try {
            TextPainter text = new TextPainter(panel, TITLE_FONT);
            if (text.height() == 0) {
                return; // no fonts: nothing XChart could draw
            }
            // Titles name the dataset, whose description can be long (a path); they must not run off the image.
            String title = text.fit(spec.title(), bounds.width - TITLE_MARGIN);
            chart(spec, title, bounds.width, bounds.height).paint(panel, bounds.width, bounds.height);
        } finally {
            panel.dispose();
        }
    }

    /** The XChart chart of {@code spec}, {@code width} by {@code height} pixels. */
    static XYChart chart(Spec spec, String title, int width, int height) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(spec.xLabel());
        chart.setYAxisTitle(spec.yLabel());
        XYStyler style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBackgroundColor(Color.WHITE);
        style.setPlotBorderColor(AXIS);
        style.setPlotGridLinesColor(GRID);
        style.setChartFontColor(AXIS);
        style.setAxisTickLabelsColor(AXIS);
        style.setAxisTickMarksColor(AXIS);
        style.setChartTitleBoxVisible(false);
        style.setChartTitleFont(TITLE_FONT);
        style.setAxisTitleFont(LABEL_FONT);
        style.setAxisTickLabelsFont(TICK_FONT);
        style.setLegendFont(TICK_FONT);
        style.setLegendPosition(Styler.LegendPosition.InsideNE);
        style.setLegendBackgroundColor(new Color(255, 255, 255, 225));
        style.setLegendBorderColor(GRID.darker());
        style.setAntiAlias(true);
        style.setXAxisMin(spec.xMin());
        style.setXAxisMax(spec.xMax());
        style.setYAxisMin(spec.yMin());
        style.setYAxisMax(spec.yMax());
        // Iterations are whole numbers: a short run gets labels 1, 2, 3, never 1.5.
        chart.setCustomXAxisTickLabelsFormatter(x -> iterationLabel(x, spec.xMin(), spec.xMax()));

        boolean any = false;
        for (Series s : spec.series()) {
            Color c = s.color();
            any |= add(chart, spec, s.name() + " (raw)", s.raw(), new Color(c.getRed(), c.getGreen(), c.getBlue(),
                    RAW_ALPHA), 1f, false);
        }
        for (Series s : spec.series()) {
            any |= add(chart, spec, s.name(), s.smoothed(), s.color(), 2f, true);
        }
        if (!any) {
            // XChart needs a series to lay out the axes; an empty history still gets its frame and ticks.
            XYSeries frame = chart.addSeries("frame", new double[] {spec.xMin(), spec.xMax()},
                    new double[] {spec.yMin(), spec.yMin()});
            frame.setMarker(SeriesMarkers.NONE);
            frame.setLineColor(new Color(0, 0, 0, 0));
            frame.setShowInLegend(false);
        }
        style.setLegendVisible(any);
        if (Double.isFinite(spec.referenceY())) {
            style.setAnnotationLineColor(Color.GRAY);
            style.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {5f, 4f}, 0f));
            chart.addAnnotation(new AnnotationLine(spec.referenceY(), false, false));
        }
        return chart;
    }

    /**
     * Adds the finite points of {@code ys} as a line. Far-off spikes are clamped just outside the value range, so
     * the renderer never sees absurd coordinates, and a long run is thinned to what the pixels can show (see
     * {@link #thin}). Returns whether there was a point to draw.
     */
    private static boolean add(XYChart chart, Spec spec, String name, double[] ys, Color color, float width,
                               boolean inLegend) {
        double[] xs = spec.xs();
        double margin = 0.1 * (spec.yMax() - spec.yMin());
        double[] px = new double[ys.length];
        double[] py = new double[ys.length];
        int n = 0;
        for (int i = 0; i < ys.length && i < xs.length; i++) {
            if (Double.isFinite(ys[i])) {
                px[n] = xs[i];
                py[n] = Math.max(spec.yMin() - margin, Math.min(spec.yMax() + margin, ys[i]));
                n++;
            }
        }
        if (n == 0) {
            return false;
        }
        double[][] points = thin(Arrays.copyOf(px, n), Arrays.copyOf(py, n), spec.xMin(), spec.xMax(),
                chart.getWidth());
        XYSeries series = chart.addSeries(name, points[0], points[1]);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(width);
        series.setShowInLegend(inLegend);
        return true;
    }

    /**
     * The points of a line that look the same at {@code columns} pixels across: in each pixel column its first,
     * lowest, highest and last point, in their order. A 50,000-iteration run is drawn from a few thousand points
     * instead of 50,000, which is what keeps redrawing the plot at every sample grid cheap.
     */
    static double[][] thin(double[] xs, double[] ys, double xMin, double xMax, int columns) {
        int n = xs.length;
        if (n <= 4 * columns || !(xMax > xMin)) {
            return new double[][] {xs, ys};
        }
        double[] ox = new double[4 * columns + 4];
        double[] oy = new double[ox.length];
        int out = 0;
        int start = 0;
        while (start < n) {
            long column = column(xs[start], xMin, xMax, columns);
            int end = start;
            int lo = start;
            int hi = start;
            while (end < n && column(xs[end], xMin, xMax, columns) == column) {
                lo = ys[end] < ys[lo] ? end : lo;
                hi = ys[end] > ys[hi] ? end : hi;
                end++;
            }
            int last = end - 1;
            int[] keep = {start, Math.min(lo, hi), Math.max(lo, hi), last};
            for (int k = 0; k < keep.length; k++) {
                if (k > 0 && keep[k] == keep[k - 1]) {
                    continue;
                }
                if (out == ox.length) {
                    ox = Arrays.copyOf(ox, 2 * out);
                    oy = Arrays.copyOf(oy, 2 * out);
                }
                ox[out] = xs[keep[k]];
                oy[out] = ys[keep[k]];
                out++;
            }
            start = end;
        }
        return new double[][] {Arrays.copyOf(ox, out), Arrays.copyOf(oy, out)};
    }

    private static long column(double x, double xMin, double xMax, int columns) {
        // The last iteration lies on the right edge: it belongs to the last column, not to one past it.
        return Math.min(columns - 1, (long) Math.floor((x - xMin) / (xMax - xMin) * columns));
    }

    /** The label of an iteration axis tick at {@code value}: none between whole iterations. */
    private static String iterationLabel(double value, double lo, double hi) {
        if (Math.abs(value - Math.rint(value)) > 1e-9) {
            return "";
        }
        return format(value, niceTicks(lo, hi, 10, 1));
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
