package backprop.plot;

import backprop.Activation;
import backprop.DataSet;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoundaryTest {

    /** σ(20 x₁): class 1 right of x₁ = 0, class 0 left of it. */
    static final Network SPLIT = Network.of(
            Layer.of(Matrix.row(20, 0), Matrix.scalar(0), Activation.SIGMOID));

    static final DataSet TWO = DataSet.of(new double[][] {{-1, -1}, {1, 1}}, new double[][] {{0}, {1}});

    @Test
    void eachSideOfTheBoundaryHasItsClassColourAndEachPointItsOwn() {
        BufferedImage image = Boundary.image(SPLIT, TWO, 200);
        assertEquals(200, image.getWidth());
        assertEquals(200 + Boundary.TITLE, image.getHeight());
        // the data spans −1 … 1 with 0.2 to spare: x₁ = 0 is the middle column
        int top = Boundary.TITLE + 20;
        assertEquals(Boundary.light(Plots.color(0)).getRGB(), image.getRGB(40, top), "left of x₁ = 0: class 0");
        assertEquals(Boundary.light(Plots.color(1)).getRGB(), image.getRGB(160, top), "right of it: class 1");
        // the point (1, 1) on axes from −1.2 to 1.2: x = (1 + 1.2) / 2.4 · 200, y = title + (1.2 − 1) / 2.4 · 200
        int px = (int) Math.round(2.2 / 2.4 * 200), py = Boundary.TITLE + (int) Math.round(0.2 / 2.4 * 200);
        assertEquals(new Color(Plots.color(1).getRGB()).getRGB(), image.getRGB(px, py), "the point in its class colour");
    }

    @Test
    void onlyTwoInputsHaveAPlane() {
        DataSet three = DataSet.of(new double[][] {{0, 0, 0}}, new double[][] {{1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Boundary.image(Network.sizes(3, 1).build(), three, 200));
        assertEquals("a decision boundary is drawn for 2 inputs, but the data has 3", e.getMessage());
    }
}
