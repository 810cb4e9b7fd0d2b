package backprop.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogLogTest {

    @Test
    void bothAxesAreLogarithmic() {
        XYChart chart = LogLog.chart("t", "x", "y");
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(Plots.WIDTH, chart.getWidth());
    }

    @Test
    void pointsTakeTheNextColourAndAFittedLawTheColourOfItsPoints() {
        XYChart chart = LogLog.chart("t", "x", "y");
        XYSeries first = LogLog.addPoints(chart, "a", new double[] {1, 10}, new double[] {1, 100});
        XYSeries second = LogLog.addPoints(chart, "b", new double[] {1, 10}, new double[] {2, 20});
        assertEquals(Plots.color(0), first.getLineColor());
        assertEquals(Plots.color(1), second.getLineColor());
        assertNotEquals(first.getLineColor(), second.getLineColor());

        XYSeries law = LogLog.addPowerLaw(chart, "a, fitted", new PowerLaw(1, 2), 1, 1e6, first);
        assertEquals(first.getLineColor(), law.getLineColor());
        assertEquals(SeriesMarkers.NONE, law.getMarker());
        double[] x = law.getXData();
        double[] y = law.getYData();
        assertEquals(1.0, x[0], 1e-12);
        assertEquals(1e6, x[x.length - 1], 1e-3);
        assertEquals(1e12, y[y.length - 1], 1e3);
        // evenly spaced on the log scale: every step multiplies x by the same factor
        assertEquals(x[1] / x[0], x[x.length - 1] / x[x.length - 2], 1e-9);
        assertTrue(law.getLineStyle().getDashArray() != null, "a fitted law is dashed");

        BufferedImage image = Plots.image(chart);
        assertEquals(Plots.HEIGHT, image.getHeight());
    }

    @Test
    void badInputIsNamed() {
        XYChart chart = LogLog.chart("t", "x", "y");
        var e = assertThrows(IllegalArgumentException.class,
                () -> LogLog.addPoints(chart, "zero", new double[] {1, 2}, new double[] {1, 0}));
        assertEquals("a log–log chart shows positive values only; \"zero\" has the point (2.0, 0.0)",
                e.getMessage());
        XYSeries s = LogLog.addPoints(chart, "ok", new double[] {1}, new double[] {1});
        e = assertThrows(IllegalArgumentException.class,
                () -> LogLog.addPowerLaw(chart, "law", new PowerLaw(1, 1), 10, 1, s));
        assertEquals("a power law is drawn for 0 < from < to; got from 10.0 to 1.0", e.getMessage());
    }
}
