package backprop.plot;

import backprop.Activation;
import backprop.DataSet;
import backprop.History;
import backprop.Network;
import backprop.Sgd;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    static final DataSet XOR = DataSet.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new double[][] {{0}, {1}, {1}, {0}});

    static History history(boolean evaluate) {
        Sgd sgd = Sgd.eta(1).batchSize(2).epochs(5);
        return (evaluate ? sgd.evaluateOn(XOR) : sgd).train(Network.sizes(2, 3, 1).seed(1).build(), XOR);
    }

    @Test
    void lossCurvePlotsEachEpochsCost() {
        History h = history(true);
        XYChart chart = Plots.lossCurve(h);
        XYSeries training = chart.getSeriesMap().get("training");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, training.getXData());
        assertEquals(h.epochs().get(3).trainingCost(), training.getYData()[3]);
        assertTrue(chart.getSeriesMap().containsKey("evaluation"));
        assertEquals(java.util.List.of("training"), Plots.visibleSeries(Plots.lossCurve(history(false))));
    }

    @Test
    void accuracyIsInPercent() {
        History h = history(true);
        assertEquals(100 * h.last().evaluationAccuracy(),
                Plots.accuracyCurve(h).getSeriesMap().get("evaluation").getYData()[4]);
    }

    @Test
    void severalRunsOnOneChartInOrder() {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("batch", history(false));
        runs.put("mini-batch", history(false));
        assertEquals(java.util.List.of("batch", "mini-batch"),
                Plots.visibleSeries(Plots.lossCurves(runs)));
    }

    @Test
    void activationAndItsDerivative() {
        XYChart chart = Plots.activation(Activation.SIGMOID);
        XYSeries f = chart.getSeriesMap().get("sigmoid(z)");
        XYSeries slope = chart.getSeriesMap().get("sigmoid'(z)");
        assertEquals(-6.0, f.getXData()[0]);
        assertEquals(0.5, f.getYData()[120], 1e-15, "the middle sample is z = 0");
        assertEquals(0.25, slope.getYData()[120], 1e-15);
    }

    @Test
    void gradientNormsOneSeriesPerLayer() {
        assertEquals(java.util.List.of("layer 1", "layer 2"), Plots.visibleSeries(Plots.gradientNorms(history(false))));
    }

    @Test
    void imagesHaveTheChartsSizeAndSomethingDrawn() {
        BufferedImage image = Plots.image(Plots.lossCurve(history(true)));
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
        int dark = 0;
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                int rgb = image.getRGB(x, y);
                int brightness = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                if (brightness < 600) {
                    dark++;
                }
            }
        }
        assertTrue(dark > 500, "title, axes and curves are drawn: " + dark + " dark samples");
    }

    @Test
    void aLineOfEquallySpacedPointsGetsRoundTicks() {
        double[] steps = new double[61];
        double[] loss = new double[61];
        for (int i = 0; i <= 60; i++) {
            steps[i] = i;
            loss[i] = Math.exp(-i / 10.0);
        }
        XYChart chart = Plots.line("loss", "step", "loss", steps, loss);
        // the invisible point that keeps XChart's ticks apart (knowm/XChart#731), half a step early
        assertArrayEquals(new double[] {-0.5}, chart.getSeriesMap().get(" spacing").getXData());
        assertArrayEquals(steps, chart.getSeriesMap().get("loss").getXData());
        assertEquals(java.util.List.of("loss"), Plots.visibleSeries(chart));
        XYChart uneven = Plots.line("t", "x", "y", new double[] {0, 1, 3}, new double[] {1, 2, 3});
        assertEquals(java.util.Set.of("y"), uneven.getSeriesMap().keySet());
    }

    @Test
    void straightCurvesGetAnInvisiblePointInsideTheirRangeForRoundTicks() {
        XYChart identity = Plots.activation(Activation.IDENTITY);
        XYSeries point = identity.getSeriesMap().get(" ticks");
        double x = point.getXData()[0], y = point.getYData()[0];
        assertTrue(x > -6 && x < 6 && y > -6 && y < 6, "inside the curves' ranges: " + x + ", " + y);
        assertEquals(java.util.List.of("identity(z)", "identity'(z)"), Plots.visibleSeries(identity));
        assertEquals(0, point.getLineColor().getAlpha(), "invisible");
        // one such point per chart, however many curves
        assertEquals(3, identity.getSeriesMap().size());
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Plots.line("t", "x", "y", new double[] {1, 2}, new double[] {1}));
        assertEquals("a line needs as many x as y values, at least one; got 2 x and 1 y values", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Plots.function("t", "f", 1, 1, x -> x));
        assertEquals("the interval needs a < b, got 1.0 and 1.0", e.getMessage());
    }
}
