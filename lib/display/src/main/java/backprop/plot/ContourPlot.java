package backprop.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * A loss surface L(θ1, θ2) drawn as contour lines (XChart has no contour plot, so
 * {@link MarchingSquares} traces them), with the path of gradient descent's iterates on top.
 *
 * <pre>{@code
 * XYChart chart = ContourPlot.chart("L(θ1, θ2)", "θ1", "θ2", loss, -2, 2, -2, 2, 0.5, 1, 2, 4);
 * ContourPlot.addPath(chart, "η = 0.1", theta1s, theta2s);
 * show(chart);
 * }</pre>
 */
public final class ContourPlot {

    /** Samples per side of the grid the contour lines are traced on. */
    public static final int GRID = 121;

    /** The contour lines' colours run from light (the lowest level) to dark (the highest). */
    static final Color LOW = new Color(0xC6DBEF);
    static final Color HIGH = new Color(0x08306B);

    private ContourPlot() {
    }

    /**
     * The lines f(x, y) = level for each level, on [xMin, xMax] × [yMin, yMax], in the lectures'
     * style. The contour lines are not in the legend; the axes show exactly the given ranges.
     */
    public static XYChart chart(String title, String xLabel, String yLabel, DoubleBinaryOperator f,
                                double xMin, double xMax, double yMin, double yMax, double... levels) {
        XYChart chart = Plots.chart(title, xLabel, yLabel);
        addContours(chart, f, xMin, xMax, yMin, yMax, levels);
        return chart;
    }

    /**
     * Adds the lines f(x, y) = level to a chart (e.g. a small one made with
     * {@link Plots#chart(String, String, String, int, int)}) and sets its axes to the ranges.
     */
    public static void addContours(XYChart chart, DoubleBinaryOperator f, double xMin, double xMax,
                                   double yMin, double yMax, double... levels) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("give at least one level to draw");
        }
        MarchingSquares.Grid grid = MarchingSquares.sample(f, xMin, xMax, yMin, yMax, GRID);
        chart.getStyler().setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
        chart.getStyler().setPlotGridLinesVisible(false);
        double[] sorted = levels.clone();
        java.util.Arrays.sort(sorted);
        for (int n = 0; n < sorted.length; n++) {
            Color color = blend(LOW, HIGH, sorted.length == 1 ? 1 : (double) n / (sorted.length - 1));
            List<MarchingSquares.Line> lines = MarchingSquares.lines(grid, sorted[n]);
            for (int p = 0; p < lines.size(); p++) {
                MarchingSquares.Line line = lines.get(p);
                if (line.size() < 2) {
                    continue;
                }
                XYSeries series = chart.addSeries(contourName(sorted[n], p), line.x(), line.y());
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(color);
                series.setLineStyle(new BasicStroke(1.3f));
                series.setShowInLegend(false);
            }
        }
    }

    /** The series name of the p-th line of a level: "L = 0.5 #0" (hidden from the legend). */
    static String contourName(double level, int p) {
        return "L = " + backprop.TextTable.format(level) + " #" + p;
    }

    /**
     * Draws a path of iterates (x[t], y[t]) on any XY chart, contours or a curve y = f(x):
     * points joined in order, the start drawn as a square. The path appears in the legend under
     * its name; each new path takes the next of four colours that stand out against the contours.
     *
     * <p>XChart draws lines past the plot's edges, so on a chart whose axis ranges are fixed (as
     * {@link #addContours} fixes them) a path that leaves the ranges, as a diverging one does, is
     * drawn up to the point where it first crosses their border.
     */
    public static XYSeries addPath(XYChart chart, String name, double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("a path needs as many x as y values, at least one; got "
                    + x.length + " x and " + y.length + " y values");
        }
        double[][] kept = untilItLeaves(chart, x, y);
        x = kept[0];
        y = kept[1];
        int paths = (int) chart.getSeriesMap().keySet().stream().filter(n -> n.endsWith(START)).count();
        Color color = PATH_COLORS[paths % PATH_COLORS.length];
        XYSeries path = chart.addSeries(name, x, y);
        path.setMarker(SeriesMarkers.CIRCLE);
        path.setLineColor(color);
        path.setMarkerColor(color);
        path.setLineStyle(new BasicStroke(1.6f));
        XYSeries start = chart.addSeries(name + START, new double[] {x[0]}, new double[] {y[0]});
        start.setMarker(SeriesMarkers.SQUARE);
        start.setMarkerColor(color);
        start.setLineColor(color);
        start.setShowInLegend(false);
        return path;
    }

    private static final String START = " (start)";

    /**
     * The path up to where it first leaves the chart's fixed axis ranges, ending on their border;
     * the whole path when the ranges are not all fixed or the path starts outside them.
     */
    static double[][] untilItLeaves(XYChart chart, double[] x, double[] y) {
        Double x0 = chart.getStyler().getXAxisMin(), x1 = chart.getStyler().getXAxisMax();
        Double y0 = chart.getStyler().getYAxisMin(), y1 = chart.getStyler().getYAxisMax();
        if (x0 == null || x1 == null || y0 == null || y1 == null || !inside(x[0], y[0], x0, x1, y0, y1)) {
            return new double[][] {x, y};
        }
        for (int t = 1; t < x.length; t++) {
            if (!inside(x[t], y[t], x0, x1, y0, y1)) {
                // The fraction s of the step from point t − 1 to t at which it crosses the border.
                double s = 1;
                double dx = x[t] - x[t - 1], dy = y[t] - y[t - 1];
                if (x[t] < x0) {
                    s = Math.min(s, (x0 - x[t - 1]) / dx);
                }
                if (x[t] > x1) {
                    s = Math.min(s, (x1 - x[t - 1]) / dx);
                }
                if (y[t] < y0) {
                    s = Math.min(s, (y0 - y[t - 1]) / dy);
                }
                if (y[t] > y1) {
                    s = Math.min(s, (y1 - y[t - 1]) / dy);
                }
                double[] keptX = java.util.Arrays.copyOf(x, t + 1);
                double[] keptY = java.util.Arrays.copyOf(y, t + 1);
                keptX[t] = x[t - 1] + s * dx;
                keptY[t] = y[t - 1] + s * dy;
                return new double[][] {keptX, keptY};
            }
        }
        return new double[][] {x, y};
    }

    private static boolean inside(double x, double y, double x0, double x1, double y0, double y1) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }

    /** Paths stand out against the blue contours: vermillion, bluish green, reddish purple, black. */
    private static final Color[] PATH_COLORS = {
            new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7), new Color(0x000000)};

    static Color blend(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
}
