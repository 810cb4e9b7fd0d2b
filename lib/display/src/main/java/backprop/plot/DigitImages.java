package backprop.plot;

import backprop.Matrix;
import backprop.TextTable;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Handwritten digits as pictures: the 8×8 digits of {@code DataSets.digits()} (64 values) or the
 * 28×28 MNIST digits (784 values), in 0..1, row by row from the top left, drawn dark on white,
 * one square per pixel. In a grid every digit takes the same 80×80 screen pixels. A grid shows
 * several digits with their labels under them, and, for a classifier's answers, the predicted
 * label too, in red where it is wrong.
 *
 * <pre>{@code
 * show(DigitImages.grid(test.x().columns(picks), labels, 6));               // "3" under each
 * show(DigitImages.grid(test.x().columns(picks), labels, predicted, 6));    // "true 3", "predicted 8"
 * }</pre>
 *
 * The picture's size depends only on the number of columns and of rows, so a grid of one row
 * has the same size whether it holds one digit or {@code columns} of them.
 */
public final class DigitImages {

    /** Pixels per row and per column of a digit. */
    public static final int SIDE = 8;
    /** Screen pixels per digit pixel in a grid: each digit is 80×80. */
    public static final int SCALE = 10;
    /** The width of one grid cell, in screen pixels: the digit and room for its caption. */
    public static final int CELL_WIDTH = 116;
    /** The height of one grid cell, in screen pixels: the digit, a gap, and two lines of caption. */
    public static final int CELL_HEIGHT = SIDE * SCALE + 46;
    /** White space around the grid. */
    public static final int MARGIN = 8;

    static final Color WRONG = new Color(0xC0, 0x00, 0x20);
    private static final Color TEXT = new Color(0x33, 0x33, 0x33);
    private static final Color FRAME = new Color(0xCC, 0xCC, 0xCC);
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private DigitImages() {
    }

    /** One digit (a column of 64 or 784 values in 0..1) as a picture of side·scale pixels each way. */
    public static BufferedImage digit(Matrix pixels, int scale) {
        checkPixels(pixels, 1);
        if (scale < 1) {
            throw new IllegalArgumentException("the scale must be at least 1 screen pixel per "
                    + "digit pixel, got " + scale);
        }
        int side = side(pixels);
        BufferedImage image = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        paintDigit(g, pixels, 0, 0, 0, side * scale);
        g.dispose();
        return image;
    }

    /** Digits (one per column of {@code images}) in rows of {@code columns}, each with its label. */
    public static BufferedImage grid(Matrix images, int[] labels, int columns) {
        checkLabels(images, labels, "label");
        return draw(images, columns, e -> new String[] {String.valueOf(labels[e]), ""},
                e -> false);
    }

    /**
     * Digits with their true and predicted labels ("true 3", "predicted 8"); the caption of a
     * wrong prediction is red.
     */
    public static BufferedImage grid(Matrix images, int[] truth, int[] predicted, int columns) {
        checkLabels(images, truth, "true label");
        checkLabels(images, predicted, "predicted label");
        return draw(images, columns,
                e -> new String[] {"true " + truth[e], "predicted " + predicted[e]},
                e -> truth[e] != predicted[e]);
    }

    /** Where digit i (counted from 0, row by row) is drawn in a grid of this many columns. */
    public static Rectangle digitArea(int i, int columns) {
        int x = MARGIN + (i % columns) * CELL_WIDTH + (CELL_WIDTH - SIDE * SCALE) / 2;
        int y = MARGIN + (i / columns) * CELL_HEIGHT + 4;
        return new Rectangle(x, y, SIDE * SCALE, SIDE * SCALE);
    }

    /** Where the caption of digit i is written: the cell below the digit. */
    public static Rectangle captionArea(int i, int columns) {
        Rectangle digit = digitArea(i, columns);
        int x = MARGIN + (i % columns) * CELL_WIDTH;
        int top = digit.y + digit.height + 2;
        int bottom = MARGIN + (i / columns + 1) * CELL_HEIGHT;
        return new Rectangle(x, top, CELL_WIDTH, bottom - top);
    }

    private static BufferedImage draw(Matrix images, int columns,
                                      java.util.function.IntFunction<String[]> caption,
                                      java.util.function.IntPredicate wrong) {
        if (columns < 1) {
            throw new IllegalArgumentException("a grid needs at least 1 column, got " + columns);
        }
        int n = images.cols();
        int rows = (n + columns - 1) / columns;
        int width = 2 * MARGIN + columns * CELL_WIDTH;
        int height = 2 * MARGIN + rows * CELL_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(CAPTION);
        FontMetrics metrics = g.getFontMetrics();
        for (int e = 0; e < n; e++) {
            Rectangle area = digitArea(e, columns);
            paintDigit(g, images, e, area.x, area.y, SIDE * SCALE);
            g.setColor(FRAME);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(area.x - 1, area.y - 1, area.width + 1, area.height + 1);

            Rectangle below = captionArea(e, columns);
            String[] lines = caption.apply(e);
            int baseline = below.y + metrics.getAscent() + 2;
            for (String line : lines) {
                g.setColor(wrong.test(e) && line.startsWith("predicted") ? WRONG : TEXT);
                g.drawString(line, below.x + (below.width - metrics.stringWidth(line)) / 2, baseline);
                baseline += metrics.getHeight();
            }
        }
        g.dispose();
        return image;
    }

    /** Column e of {@code images} as a square of {@code size} screen pixels from (x, y), one square per pixel. */
    private static void paintDigit(Graphics2D g, Matrix images, int e, int x, int y, int size) {
        int side = side(images);
        for (int p = 0; p < side * side; p++) {
            double v = Math.max(0, Math.min(1, images.get(p, e)));
            int grey = (int) Math.round(255 * (1 - v)); // 0 is paper (white), 1 is ink (black)
            g.setColor(new Color(grey, grey, grey));
            int left = x + (p % side) * size / side, top = y + (p / side) * size / side;
            g.fillRect(left, top, x + (p % side + 1) * size / side - left, y + (p / side + 1) * size / side - top);
        }
    }

    /** Pixels per row: 8 for 64 values, 28 for 784. */
    private static int side(Matrix images) {
        return images.rows() == MNIST_SIDE * MNIST_SIDE ? MNIST_SIDE : SIDE;
    }

    /** Pixels per row and per column of an MNIST digit. */
    public static final int MNIST_SIDE = 28;

    private static void checkPixels(Matrix images, int maxColumns) {
        if (images.rows() != SIDE * SIDE && images.rows() != MNIST_SIDE * MNIST_SIDE) {
            throw new IllegalArgumentException("a digit has " + SIDE * SIDE + " pixels (8×8) or "
                    + MNIST_SIDE * MNIST_SIDE + " (28×28), one per row of the matrix, but the matrix is "
                    + images.shape());
        }
        if (images.cols() > maxColumns) {
            throw new IllegalArgumentException("one digit is one column, but the matrix is "
                    + images.shape() + ": use grid for several");
        }
    }

    private static void checkLabels(Matrix images, int[] labels, String what) {
        checkPixels(images, Integer.MAX_VALUE);
        if (labels.length != images.cols()) {
            throw new IllegalArgumentException(TextTable.count(images.cols(), "digit") + " but "
                    + TextTable.count(labels.length, what) + ": give one per digit");
        }
    }
}
