package backprop.plot;

import backprop.DataSet;
import backprop.Matrix;
import backprop.Network;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

/**
 * The decision boundary of a network with two inputs: the plane around the data coloured by the
 * class the network gives each point, and the data's points on it in their own class's colour.
 *
 * <pre>{@code
 * show(Boundary.image(net, moons, 300));
 * }</pre>
 *
 * The class of an output is {@link DataSet#classOf}: the largest entry, or for one output
 * whether it is at least 0.5. The whole grid goes through the network as one matrix.
 */
public final class Boundary {

    /** Grid cells per side: the boundary's resolution. */
    static final int CELLS = 100;
    static final int TITLE = 24;

    private Boundary() {
    }

    /** A picture of side × (side + title) pixels, the data's range with a tenth of it to spare. */
    public static BufferedImage image(Network net, DataSet data, int side) {
        if (data.inputSize() != 2) {
            throw new IllegalArgumentException("a decision boundary is drawn for 2 inputs, but the data "
                    + "has " + data.inputSize());
        }
        if (side < 100) {
            throw new IllegalArgumentException("the picture must be at least 100 pixels wide, got " + side);
        }
        double[] x = range(data.x(), 0), y = range(data.x(), 1);
        Matrix grid = Matrix.fill(2, CELLS * CELLS, (i, c) -> i == 0
                ? x[0] + (c % CELLS + 0.5) * (x[1] - x[0]) / CELLS
                : y[1] - (c / CELLS + 0.5) * (y[1] - y[0]) / CELLS);
        Matrix out = net.feedForward(grid);
        BufferedImage image = new BufferedImage(side, side + TITLE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, side, side + TITLE);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0x222222));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString("Decision boundary", 8, 17);
            for (int c = 0; c < CELLS * CELLS; c++) {
                int col = c % CELLS, row = c / CELLS;
                int left = col * side / CELLS, top = TITLE + row * side / CELLS;
                g.setColor(light(Plots.color(DataSet.classOf(out, c))));
                g.fillRect(left, top, (col + 1) * side / CELLS - left, TITLE + (row + 1) * side / CELLS - top);
            }
            g.setStroke(new BasicStroke(1f));
            for (int e = 0; e < data.size(); e++) {
                double px = (data.x().get(0, e) - x[0]) / (x[1] - x[0]) * side;
                double py = TITLE + (y[1] - data.x().get(1, e)) / (y[1] - y[0]) * side;
                Ellipse2D dot = new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7);
                g.setColor(Plots.color(data.label(e)));
                g.fill(dot);
                g.setColor(Color.WHITE);
                g.draw(dot);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The smallest and largest value of input i, a tenth of the range wider each way. */
    private static double[] range(Matrix x, int i) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < x.cols(); e++) {
            lo = Math.min(lo, x.get(i, e));
            hi = Math.max(hi, x.get(i, e));
        }
        double spare = hi > lo ? 0.1 * (hi - lo) : 1;
        return new double[] {lo - spare, hi + spare};
    }

    /** A class's colour mixed with white, for the background. */
    static Color light(Color c) {
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }
}
