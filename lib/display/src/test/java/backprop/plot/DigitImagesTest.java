package backprop.plot;

import backprop.Matrix;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitImagesTest {

    /** A digit with one pixel of ink: pixel p is row p / 8, column p % 8 (row by row). */
    static Matrix onePixel(int p, double ink) {
        return Matrix.fill(64, 1, (i, e) -> i == p ? ink : 0.0);
    }

    static int grey(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        assertEquals((rgb >> 16) & 255, rgb & 255, "a digit is drawn in greys");
        return rgb & 255;
    }

    @Test
    void eachPixelIsASquareDarkForInkWhiteForPaper() {
        // pixel 21 is row 2, column 5: the square from x = 5·4, y = 2·4, 4 screen pixels wide
        BufferedImage image = DigitImages.digit(onePixel(21, 1.0), 4);
        assertEquals(32, image.getWidth());
        assertEquals(32, image.getHeight());
        assertEquals(0, grey(image, 20, 8));
        assertEquals(0, grey(image, 23, 11));
        assertEquals(255, grey(image, 24, 8), "the next column is paper");
        assertEquals(255, grey(image, 20, 12), "the next row is paper");
        assertEquals(255, grey(image, 8, 20), "row 5, column 2 is not pixel 21");
    }

    @Test
    void greysInBetweenAndValuesOutsideZeroToOneClamped() {
        assertEquals(128, grey(DigitImages.digit(onePixel(0, 0.5), 1), 0, 0), "255 · (1 − 0.5), rounded");
        assertEquals(0, grey(DigitImages.digit(onePixel(0, 1.7), 1), 0, 0));
        assertEquals(255, grey(DigitImages.digit(onePixel(0, -0.3), 1), 0, 0));
    }

    @Test
    void gridPlacesDigitsRowByRowAndItsSizeDependsOnlyOnRowsAndColumns() {
        Matrix black = Matrix.fill(64, 1, (i, e) -> 1.0);
        Matrix white = Matrix.zeros(64, 1);
        // five digits in rows of 3: black, white, black, white, black
        Matrix five = Matrix.fill(64, 5, (i, e) -> e % 2 == 0 ? 1.0 : 0.0);
        BufferedImage grid = DigitImages.grid(five, new int[] {1, 2, 3, 4, 5}, 3);
        assertEquals(2 * DigitImages.MARGIN + 3 * DigitImages.CELL_WIDTH, grid.getWidth());
        assertEquals(2 * DigitImages.MARGIN + 2 * DigitImages.CELL_HEIGHT, grid.getHeight());
        for (int e = 0; e < 5; e++) {
            Rectangle area = DigitImages.digitArea(e, 3);
            int centre = grey(grid, area.x + area.width / 2, area.y + area.height / 2);
            assertEquals(e % 2 == 0 ? 0 : 255, centre, "digit " + e);
        }
        assertEquals(DigitImages.digitArea(0, 3).y + DigitImages.CELL_HEIGHT,
                DigitImages.digitArea(3, 3).y, "digit 3 starts the second row");

        BufferedImage one = DigitImages.grid(black, new int[] {7}, 4);
        BufferedImage four = DigitImages.grid(Matrix.fill(64, 4, (i, e) -> 0.5), new int[] {1, 2, 3, 4}, 4);
        assertEquals(four.getWidth(), one.getWidth());
        assertEquals(four.getHeight(), one.getHeight());
        assertEquals(DigitImages.SIDE * DigitImages.SCALE, DigitImages.digitArea(0, 1).width);
        assertTrue(DigitImages.grid(white, new int[] {0}, 1).getWidth() > 0);
    }

    @Test
    void captionsAreWrittenUnderEachDigitAndWrongPredictionsInRed() {
        Matrix two = Matrix.fill(64, 2, (i, e) -> 0.0);
        BufferedImage grid = DigitImages.grid(two, new int[] {3, 5}, new int[] {3, 8}, 2);
        assertTrue(darkPixels(grid, DigitImages.captionArea(0, 2)) > 20, "the caption is written");
        assertEquals(0, redPixels(grid, DigitImages.captionArea(0, 2)), "3 predicted as 3 is right");
        assertTrue(redPixels(grid, DigitImages.captionArea(1, 2)) > 20, "5 predicted as 8 is wrong");

        BufferedImage labelsOnly = DigitImages.grid(two, new int[] {3, 5}, 2);
        assertTrue(darkPixels(labelsOnly, DigitImages.captionArea(1, 2)) > 5);
        assertEquals(0, redPixels(labelsOnly, DigitImages.captionArea(1, 2)));
    }

    @Test
    void aTwentyEightByTwentyEightDigitFillsTheSameCellOnePixelSquareEach() {
        // ink in the top-left pixel and in the bottom row's last pixel only
        Matrix mnist = Matrix.fill(784, 1, (p, e) -> p == 0 || p == 783 ? 1 : 0);
        BufferedImage one = DigitImages.digit(mnist, 3);
        assertEquals(84, one.getWidth());
        assertEquals(0x000000, one.getRGB(1, 1) & 0xffffff, "the top-left pixel is ink");
        assertEquals(0xffffff, one.getRGB(5, 1) & 0xffffff, "its neighbour is paper");
        assertEquals(0x000000, one.getRGB(82, 82) & 0xffffff);
        BufferedImage grid = DigitImages.grid(mnist, new int[] {7}, 1);
        java.awt.Rectangle area = DigitImages.digitArea(0, 1);
        assertEquals(0x000000, grid.getRGB(area.x, area.y) & 0xffffff);
        assertEquals(0xffffff, grid.getRGB(area.x + 3, area.y) & 0xffffff, "one pixel is 80/28 screen pixels");
        assertEquals(0x000000, grid.getRGB(area.x + area.width - 1, area.y + area.height - 1) & 0xffffff);
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DigitImages.digit(Matrix.zeros(63, 1), 8));
        assertEquals("a digit has 64 pixels (8×8) or 784 (28×28), one per row of the matrix, but the "
                + "matrix is 63×1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DigitImages.grid(Matrix.zeros(64, 3), new int[] {1, 2}, 3));
        assertEquals("3 digits but 2 labels: give one per digit", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DigitImages.grid(Matrix.zeros(64, 2), new int[] {1, 2}, new int[] {1}, 2));
        assertEquals("2 digits but 1 predicted label: give one per digit", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DigitImages.grid(Matrix.zeros(64, 2), new int[] {1, 2}, 0));
        assertEquals("a grid needs at least 1 column, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DigitImages.digit(Matrix.zeros(64, 2), 8));
        assertFalse(e.getMessage().isEmpty());
        e = assertThrows(IllegalArgumentException.class,
                () -> DigitImages.digit(Matrix.zeros(64, 1), 0));
        assertEquals("the scale must be at least 1 screen pixel per digit pixel, got 0", e.getMessage());
    }

    static int darkPixels(BufferedImage image, Rectangle area) {
        int n = 0;
        for (int x = area.x; x < area.x + area.width; x++) {
            for (int y = area.y; y < area.y + area.height; y++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255) < 400) {
                    n++;
                }
            }
        }
        return n;
    }

    static int redPixels(BufferedImage image, Rectangle area) {
        int n = 0;
        for (int x = area.x; x < area.x + area.width; x++) {
            for (int y = area.y; y < area.y + area.height; y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (r > 120 && r > g + 60 && r > b + 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
