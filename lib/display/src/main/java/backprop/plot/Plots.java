package backprop.plot;

import backprop.Activation;
import backprop.Epoch;
import backprop.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Charts for the lectures, drawn with XChart: loss and accuracy curves, an activation with its
 * derivative, any curve y = f(x). Each method returns the chart, so a notebook can adjust it
 * before showing it; {@link #image} turns any chart into a PNG-ready picture.
 *
 * <pre>{@code
 * show(Plots.lossCurve(history));
 * show(Plots.activation(Activation.SIGMOID));
 * }</pre>
 */
public final class Plots {

    /** The default picture width, in pixels. */
    public static final int WIDTH = 640;
    /** The default picture height, in pixels. */
    public static final int HEIGHT = 400;

    private Plots() {
    }

    /** Cost against epoch: the training cost, and the evaluation cost when it was measured. */
    public static XYChart lossCurve(History history) {
        XYChart chart = chart("Cost during training", "epoch", "cost");
        addHistory(chart, "training", history, Epoch::trainingCost);
        if (history.hasEvaluation()) {
            addHistory(chart, "evaluation", history, Epoch::evaluationCost);
        }
        return chart;
    }

    /** Several runs' training costs on one chart, e.g. batch GD against SGD (a LinkedHashMap keeps their order). */
    public static XYChart lossCurves(Map<String, History> runs) {
        XYChart chart = chart("Cost during training", "epoch", "cost");
        runs.forEach((name, history) -> addHistory(chart, name, history, Epoch::trainingCost));
        return chart;
    }

    /** Accuracy (in %) against epoch, for training and, when measured, evaluation data. */
    public static XYChart accuracyCurve(History history) {
        XYChart chart = chart("Accuracy during training", "epoch", "accuracy (%)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE); // curves rise
        addHistory(chart, "training", history, e -> 100 * e.trainingAccuracy());
        if (history.hasEvaluation()) {
            addHistory(chart, "evaluation", history, e -> 100 * e.evaluationAccuracy());
        }
        return chart;
    }

    /**
     * ‖∂C/∂w^l‖ for each layer against epoch, on a log scale: layers far from the output
     * learning much more slowly is the vanishing gradient.
     */
    public static XYChart gradientNorms(History history) {
        XYChart chart = chart("How fast each layer learns", "epoch", "‖∂C/∂w‖ (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        for (int l = 1; l <= history.depth(); l++) {
            int layer = l;
            addHistory(chart, "layer " + l, history, e -> e.gradientNorm(layer));
        }
        return chart;
    }

    /** An activation function and its derivative on −6 ≤ z ≤ 6. */
    public static XYChart activation(Activation f) {
        XYChart chart = chart(f.id() + " and its derivative", "z", "");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW); // empty for all four
        addFunction(chart, f.id() + "(z)", -6, 6, f::value);
        addFunction(chart, f.id() + "'(z)", -6, 6, f::derivative);
        return chart;
    }

    /** y = f(x) for a ≤ x ≤ b, sampled at 241 points. */
    public static XYChart function(String title, String name, double a, double b, DoubleUnaryOperator f) {
        XYChart chart = chart(title, "x", name);
        addFunction(chart, name, a, b, f);
        return chart;
    }

    /** A curve through the points (x[i], y[i]), e.g. the loss after each SGD step. */
    public static XYChart line(String title, String xLabel, String yLabel, double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("a line needs as many x as y values, at least one; got "
                    + x.length + " x and " + y.length + " y values");
        }
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setLegendVisible(false);
        XYSeries series = chart.addSeries(yLabel.isEmpty() ? "y" : yLabel, x, y);
        series.setMarker(x.length <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        if (x.length > 2 && equallySpaced(x)) {
            useNumberAxis(chart, x[0] - (x[1] - x[0]) / 2, y[0]);
        }
        return chart;
    }

    /** Adds y = f(x) for a ≤ x ≤ b to a chart, sampled at 241 points. */
    public static XYSeries addFunction(XYChart chart, String name, double a, double b,
                                       DoubleUnaryOperator f) {
        if (!(a < b)) {
            throw new IllegalArgumentException("the interval needs a < b, got " + a + " and " + b);
        }
        int n = 241;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a + (b - a) * i / (n - 1);
            y[i] = f.applyAsDouble(x[i]);
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        keepRoundTicks(chart);
        return series;
    }

    /**
     * Sampled curves have equally spaced x values, and y values too where the curve is straight
     * (ReLU, the identity): XChart then puts a tick on every few samples, with labels such as
     * 5.699999999999999 packed on top of each other (knowm/XChart#731). One invisible point
     * inside the plotted range, at an odd fraction of it, makes the values uneven on both axes,
     * so XChart uses round numbers; it changes neither the picture nor the ranges.
     */
    private static void keepRoundTicks(XYChart chart) {
        String name = " ticks";
        chart.removeSeries(name);
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : s.getXData()) {
                xMin = Math.min(xMin, v);
                xMax = Math.max(xMax, v);
            }
            for (double v : s.getYData()) {
                if (Double.isFinite(v)) {
                    yMin = Math.min(yMin, v);
                    yMax = Math.max(yMax, v);
                }
            }
        }
        double odd = 0.3819660112501051; // 2 − golden ratio: on no grid of round steps
        XYSeries point = chart.addSeries(name, new double[] {xMin + odd * (xMax - xMin)},
                new double[] {yMin + odd * (yMax - yMin)});
        point.setMarker(SeriesMarkers.NONE);
        point.setShowInLegend(false);
        point.setLineColor(new Color(0, 0, 0, 0));
    }

    /** An empty chart in the lectures' style: white, readable fonts, legend inside. */
    public static XYChart chart(String title, String xLabel, String yLabel) {
        return chart(title, xLabel, yLabel, WIDTH, HEIGHT);
    }

    /** An empty chart in the lectures' style, of another size (e.g. a panel of {@link Panels#row}). */
    public static XYChart chart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBorderColor(new Color(0xDDDDDD));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
        styler.setSeriesColors(PALETTE);
        styler.setPlotGridLinesColor(new Color(0xEEEEEE));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        return chart;
    }

    /** The chart drawn as a picture, ready to show in a notebook or save as PNG. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The i-th colour of the lectures' palette (it repeats after seven). */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** Colour-blind-safe colours (Okabe–Ito). */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};

    /** Adds one curve of a history to a chart: the value of each epoch against its number. */
    public static void addHistory(XYChart chart, String name, History history,
                                   java.util.function.ToDoubleFunction<Epoch> value) {
        if (history.size() == 0) {
            throw new IllegalArgumentException("the history \"" + name + "\" has no epochs to plot");
        }
        double[] x = new double[history.size()];
        double[] y = new double[history.size()];
        for (int i = 0; i < x.length; i++) {
            Epoch e = history.epochs().get(i);
            x[i] = e.number();
            y[i] = value.applyAsDouble(e);
        }
        Color color = PALETTE[visibleSeries(chart).size() % PALETTE.length];
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(x.length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setMarkerColor(color);
        useNumberAxis(chart, x[0] - 0.5, y[0]);
    }

    private static boolean equallySpaced(double[] x) {
        double step = x[1] - x[0];
        for (int i = 2; i < x.length; i++) {
            if (Math.abs(x[i] - x[i - 1] - step) > 1e-9 * Math.abs(step)) {
                return false;
            }
        }
        return step != 0;
    }

    /** The names of the series a reader sees (in the legend), in order. */
    public static java.util.List<String> visibleSeries(XYChart chart) {
        return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                .map(XYSeries::getName).toList();
    }

    /**
     * When every x value is equally spaced (epochs 1, 2, 3, …), XChart puts a tick on every few
     * data points and lets the labels touch (knowm/XChart#731). One invisible point half a step
     * before the first (at spacingX) makes the spacing uneven, so XChart uses its ordinary axis with round
     * numbers; it adds nothing to the picture.
     */
    private static void useNumberAxis(XYChart chart, double spacingX, double firstY) {
        String name = " spacing";
        if (!chart.getSeriesMap().containsKey(name)) {
            XYSeries point = chart.addSeries(name, new double[] {spacingX}, new double[] {firstY});
            point.setMarker(SeriesMarkers.NONE);
            point.setShowInLegend(false);
            point.setLineColor(new Color(0, 0, 0, 0));
        }
    }
}
