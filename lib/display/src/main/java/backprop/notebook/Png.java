package backprop.notebook;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Pictures as PNG files in memory, base64-encoded for a notebook. */
final class Png {

    private Png() {
    }

    /** An XChart chart drawn at its own width and height. */
    static BufferedImage draw(Chart<?, ?> chart) {
        if (chart.getWidth() <= 0 || chart.getHeight() <= 0) {
            throw new IllegalArgumentException("cannot draw a chart of " + chart.getWidth() + "×"
                    + chart.getHeight() + " pixels: give it a positive width and height");
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The image as a base64-encoded PNG. */
    static String base64(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalArgumentException("this image cannot be written as PNG: "
                        + image.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
