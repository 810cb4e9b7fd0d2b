package backprop.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PanelsTest {

    static BufferedImage filled(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, color.getRGB());
            }
        }
        return image;
    }

    @Test
    void imagesSitSideBySideTopAlignedOnWhite() {
        BufferedImage row = Panels.row(filled(30, 20, Color.RED), filled(10, 40, Color.BLUE));
        assertEquals(40, row.getWidth());
        assertEquals(40, row.getHeight());
        assertEquals(Color.RED.getRGB(), row.getRGB(29, 19));
        assertEquals(Color.WHITE.getRGB(), row.getRGB(29, 20), "below the shorter picture");
        assertEquals(Color.BLUE.getRGB(), row.getRGB(30, 0));
        assertEquals(Color.BLUE.getRGB(), row.getRGB(39, 39));
    }

    @Test
    void chartsAreDrawnAtTheirOwnSize() {
        XYChart a = Plots.function("a", "f", 0, 1, x -> x);
        XYChart b = Plots.function("b", "g", 0, 1, x -> x * x);
        BufferedImage row = Panels.row(a, b);
        assertEquals(a.getWidth() + b.getWidth(), row.getWidth());
        assertEquals(Math.max(a.getHeight(), b.getHeight()), row.getHeight());
        BufferedImage second = Plots.image(b);
        assertEquals(second.getRGB(200, 200), row.getRGB(a.getWidth() + 200, 200));
    }

    @Test
    void anEmptyRowIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Panels.row(new BufferedImage[0]));
        assertEquals("give at least one picture to put in a row", e.getMessage());
    }
}
