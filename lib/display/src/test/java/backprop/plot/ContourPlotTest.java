package backprop.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContourPlotTest {

    static XYChart bowl() {
        return ContourPlot.chart("bowl", "θ1", "θ2", (x, y) -> x * x + y * y, -2, 2, -2, 2, 4, 1);
    }

    @Test
    void eachLevelIsDrawnOnItsCircleAndKeptOutOfTheLegend() {
        XYChart chart = bowl();
        XYSeries one = chart.getSeriesMap().get(ContourPlot.contourName(1, 0));
        XYSeries four = chart.getSeriesMap().get(ContourPlot.contourName(4, 0));
        for (int p = 0; p < one.getXData().length; p++) {
            assertEquals(1, Math.hypot(one.getXData()[p], one.getYData()[p]), 2e-3);
        }
        for (int p = 0; p < four.getXData().length; p++) {
            assertEquals(2, Math.hypot(four.getXData()[p], four.getYData()[p]), 2e-3);
        }
        assertEquals(List.of(), Plots.visibleSeries(chart));
        // Levels are coloured light to dark from the lowest up, whatever order they were given in.
        assertEquals(ContourPlot.LOW, one.getLineColor());
        assertEquals(ContourPlot.HIGH, four.getLineColor());
    }

    @Test
    void theAxesShowExactlyTheRange() {
        XYChart chart = ContourPlot.chart("t", "x", "y", (x, y) -> x + y, -1, 3, -2, 5, 0);
        assertEquals(-1.0, chart.getStyler().getXAxisMin());
        assertEquals(3.0, chart.getStyler().getXAxisMax());
        assertEquals(-2.0, chart.getStyler().getYAxisMin());
        assertEquals(5.0, chart.getStyler().getYAxisMax());
    }

    @Test
    void pathsAreInTheLegendInOrderWithTheirOwnColours() {
        XYChart chart = bowl();
        XYSeries slow = ContourPlot.addPath(chart, "η = 0.01", new double[] {1, 0.9, 0.8}, new double[] {1, 0.9, 0.8});
        XYSeries fast = ContourPlot.addPath(chart, "η = 0.4", new double[] {1, 0.2}, new double[] {1, 0.2});
        assertEquals(List.of("η = 0.01", "η = 0.4"), Plots.visibleSeries(chart));
        assertArrayEquals(new double[] {1, 0.9, 0.8}, slow.getXData());
        assertNotEquals(slow.getLineColor(), fast.getLineColor());
        XYSeries start = chart.getSeriesMap().get("η = 0.01 (start)");
        assertArrayEquals(new double[] {1}, start.getXData());
    }

    @Test
    void onACurveThePathTakesTheFirstPathColourToo() {
        XYChart curve = Plots.function("L", "L(θ)", -1, 1, x -> x * x);
        XYSeries path = ContourPlot.addPath(curve, "iterates", new double[] {1, 0.5}, new double[] {1, 0.25});
        XYSeries onContours = ContourPlot.addPath(bowl(), "p", new double[] {1}, new double[] {1});
        assertEquals(onContours.getLineColor(), path.getLineColor());
        assertEquals(List.of("L(θ)", "iterates"), Plots.visibleSeries(curve));
    }

    @Test
    void theChartDrawsContoursAndPathInColour() {
        XYChart chart = bowl();
        ContourPlot.addPath(chart, "path", new double[] {-1.5, 0}, new double[] {1.5, 0});
        BufferedImage image = Plots.image(chart);
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
        int blue = 0, orange = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (b > r + 60) {
                    blue++;
                }
                if (r > b + 120 && r > 150) {
                    orange++;
                }
            }
        }
        assertTrue(blue > 300, "contour lines are drawn: " + blue + " bluish pixels");
        assertTrue(orange > 100, "the path is drawn: " + orange + " orange pixels");
    }

    @Test
    void contoursGoOnASmallerChartToo() {
        XYChart panel = Plots.chart("η = 0.1", "θ1", "θ2", 330, 300);
        ContourPlot.addContours(panel, (x, y) -> x * x + y * y, -2, 2, -2, 2, 1);
        assertTrue(panel.getSeriesMap().containsKey(ContourPlot.contourName(1, 0)));
        BufferedImage image = Plots.image(panel);
        assertEquals(330, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void aPathThatLeavesTheMapEndsOnItsBorder() {
        XYChart chart = bowl(); // −2 ≤ x, y ≤ 2
        XYSeries path = ContourPlot.addPath(chart, "diverging",
                new double[] {1, -1.5, 1, 3, 4}, new double[] {0, 0.5, 1, 2, -3});
        // The step from (1, 1) to (3, 2) crosses x = 2 halfway, at y = 1.5; the rest is dropped.
        assertArrayEquals(new double[] {1, -1.5, 1, 2}, path.getXData(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5}, path.getYData(), 1e-12);
        // The corner is crossed through whichever border comes first.
        XYSeries corner = ContourPlot.addPath(chart, "corner", new double[] {0, 4}, new double[] {0, 3});
        assertArrayEquals(new double[] {0, 2}, corner.getXData(), 1e-12);
        assertArrayEquals(new double[] {0, 1.5}, corner.getYData(), 1e-12);
    }

    @Test
    void withoutFixedRangesOrFromOutsideThePathIsKeptWhole() {
        XYChart curve = Plots.function("L", "L(θ)", -1, 1, x -> x * x);
        XYSeries free = ContourPlot.addPath(curve, "p", new double[] {0, 50}, new double[] {0, 50});
        assertArrayEquals(new double[] {0, 50}, free.getXData());
        XYSeries outside = ContourPlot.addPath(bowl(), "q", new double[] {5, 0}, new double[] {0, 0});
        assertArrayEquals(new double[] {5, 0}, outside.getXData());
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ContourPlot.chart("t", "x", "y", (x, y) -> x, 0, 1, 0, 1));
        assertEquals("give at least one level to draw", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ContourPlot.addPath(bowl(), "p", new double[] {1}, new double[0]));
        assertEquals("a path needs as many x as y values, at least one; got 1 x and 0 y values", e.getMessage());
    }

    @Test
    void coloursBlendEvenly() {
        assertEquals(new java.awt.Color(50, 100, 150),
                ContourPlot.blend(new java.awt.Color(0, 0, 100), new java.awt.Color(100, 200, 200), 0.5));
    }
}
