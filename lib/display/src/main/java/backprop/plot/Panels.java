package backprop.plot;

import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Pictures side by side in one image, e.g. the same experiment with three learning rates:
 * {@code show(Panels.row(slow, good, tooLarge))}.
 */
public final class Panels {

    private Panels() {
    }

    /** The charts drawn left to right, top-aligned, on white. */
    public static BufferedImage row(Chart<?, ?>... charts) {
        BufferedImage[] images = new BufferedImage[charts.length];
        for (int i = 0; i < charts.length; i++) {
            images[i] = Plots.image(charts[i]);
        }
        return row(images);
    }

    /** The images left to right, top-aligned, on white: as wide as all of them, as tall as the tallest. */
    public static BufferedImage row(BufferedImage... images) {
        if (images.length == 0) {
            throw new IllegalArgumentException("give at least one picture to put in a row");
        }
        int width = 0;
        int height = 0;
        for (BufferedImage image : images) {
            width += image.getWidth();
            height = Math.max(height, image.getHeight());
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int x = 0;
            for (BufferedImage image : images) {
                g.drawImage(image, x, 0, null);
                x += image.getWidth();
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
