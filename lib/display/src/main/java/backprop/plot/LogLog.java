package backprop.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;

/**
 * Growth on log–log axes, in the lectures' style: measured points, and power laws fitted to them
 * drawn as dashed lines in the same colour, possibly far beyond the measurements.
 *
 * <pre>{@code
 * XYChart chart = LogLog.chart("Time for one gradient", "parameters", "seconds");
 * XYSeries measured = LogLog.addPoints(chart, "nudging", parameters, seconds);
 * LogLog.addPowerLaw(chart, "nudging, fitted", PowerLaw.fit(parameters, seconds), 10, 1e6, measured);
 * }</pre>
 */
public final class LogLog {

    private LogLog() {
    }

    /** An empty chart with logarithmic x and y axes, legend at the top left. */
    public static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = Plots.chart(title, xLabel, yLabel);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return chart;
    }

    /** Measured points (x[i], y[i]), with markers joined by a line, in the next colour. */
    public static XYSeries addPoints(XYChart chart, String name, double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("points need as many x as y values, at least one; got "
                    + x.length + " x and " + y.length + " y values");
        }
        for (int i = 0; i < x.length; i++) {
            checkPositive(name, x[i], y[i]);
        }
        Color color = Plots.color(Plots.visibleSeries(chart).size());
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
        series.setLineColor(color);
        return series;
    }

    /**
     * The power law as a dashed line from x = from to x = to (sampled evenly on the log scale), in
     * the colour of {@code like}, the series it was fitted to.
     */
    public static XYSeries addPowerLaw(XYChart chart, String name, PowerLaw law, double from,
                                       double to, XYSeries like) {
        if (!(from > 0 && from < to) || Double.isInfinite(to)) {
            throw new IllegalArgumentException("a power law is drawn for 0 < from < to; got from "
                    + from + " to " + to);
        }
        int n = 50;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from * Math.pow(to / from, i / (n - 1.0));
            y[i] = law.at(x[i]);
            checkPositive(name, x[i], y[i]);
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, SeriesLines.DASH_DASH.getDashArray(), 0f));
        series.setLineColor(like.getLineColor());
        return series;
    }

    private static void checkPositive(String name, double x, double y) {
        if (!(x > 0 && y > 0) || Double.isInfinite(x) || Double.isInfinite(y)) {
            throw new IllegalArgumentException("a log–log chart shows positive values only; \""
                    + name + "\" has the point (" + x + ", " + y + ")");
        }
    }
}
