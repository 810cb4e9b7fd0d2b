package backprop.plot;

import backprop.Activation;
import backprop.Cost;
import backprop.Gradients;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import org.junit.jupiter.api.Test;

import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkDiagramTest {

    /**
     * The backpropagation-in-practice network (lecture 05): inputs 0 and 1, hidden values 1 and 3,
     * output weights 1 and 2, output 7.
     */
    static Network practice(double topOutputWeight) {
        return Network.of(
                Layer.withoutBias(Matrix.of(new double[][] {{2, 1}, {-1, 3}}), Activation.RELU),
                Layer.withoutBias(Matrix.row(topOutputWeight, 2), Activation.RELU));
    }

    static Gradients backprop(Network net) {
        return net.backprop(Matrix.vector(0, 1), Matrix.scalar(4), Cost.SQUARED_ERROR);
    }

    static NetworkDiagram withSlopes() {
        Network net = practice(1);
        Gradients g = backprop(net);
        return NetworkDiagram.of(net, g.trace()).with(g);
    }

    @Test
    void oneNodePerNeuronAndOneEdgePerWeight() {
        NetworkDiagram d = withSlopes();
        assertEquals(5, d.nodes().size());
        assertEquals(2 * 2 + 2 * 1, d.edges().size());
        assertEquals(List.of("input", "layer 1 · relu", "output · relu"), d.headers());
    }

    @Test
    void nodesShowTheForwardPassValuesAndTheirSlopes() {
        NetworkDiagram d = withSlopes();
        assertEquals("0", d.node(0, 0).value());
        assertEquals("1", d.node(0, 1).value());
        assertEquals("1", d.node(1, 0).value());
        assertEquals("3", d.node(1, 1).value());
        assertEquals("7", d.node(2, 0).value());
        assertEquals("", d.node(0, 0).slope(), "the input has no slope in the diagram");
        assertEquals("6", d.node(1, 0).slope());
        assertEquals("12", d.node(1, 1).slope());
        assertEquals("6", d.node(2, 0).slope(), "2 × error 3");
    }

    @Test
    void edgesShowTheirWeightAndTheSlopeOfTheCostWithRespectToIt() {
        NetworkDiagram d = withSlopes();
        assertEquals("1", d.edge(2, 0, 0).weight());
        assertEquals("6", d.edge(2, 0, 0).gradient());
        assertEquals("2", d.edge(2, 0, 1).weight());
        assertEquals("18", d.edge(2, 0, 1).gradient());
        assertEquals("-1", d.edge(1, 1, 0).weight());
        assertEquals(List.of("0", "6", "0", "12"), List.of(d.edge(1, 0, 0).gradient(),
                d.edge(1, 0, 1).gradient(), d.edge(1, 1, 0).gradient(), d.edge(1, 1, 1).gradient()));
    }

    @Test
    void labelsComeFromTheNumbersNotFromTheWorkedExample() {
        Network net = practice(1.5);
        Gradients g = backprop(net);
        NetworkDiagram d = NetworkDiagram.of(net, g.trace()).with(g);
        assertEquals("1.5", d.edge(2, 0, 0).weight());
        assertEquals("7.5", d.node(2, 0).value());                  // 1.5·1 + 2·3
        assertEquals("7", d.node(2, 0).slope());                    // 2 × (7.5 − 4)
        assertEquals("21", d.edge(2, 0, 1).gradient());             // 3 × 7 × 1
        assertEquals("10.5", d.node(1, 0).slope());                 // 1.5 × 7
    }

    @Test
    void withoutBackpropThereAreNoSlopes() {
        Network net = practice(1);
        NetworkDiagram d = NetworkDiagram.of(net, net.forward(Matrix.vector(0, 1)));
        assertFalse(d.hasSlopes());
        assertTrue(d.nodes().stream().allMatch(n -> n.slope().isEmpty()));
        assertTrue(d.edges().stream().allMatch(e -> e.gradient().isEmpty()));
        assertEquals("7", d.node(2, 0).value());
    }

    @Test
    void layersRunLeftToRightAndNeuronsTopToBottom() {
        NetworkDiagram d = withSlopes();
        assertTrue(d.node(0, 0).x() < d.node(1, 0).x() && d.node(1, 0).x() < d.node(2, 0).x());
        assertEquals(d.node(0, 0).x(), d.node(0, 1).x());
        assertTrue(d.node(1, 0).y() < d.node(1, 1).y());
        assertEquals((d.node(1, 0).y() + d.node(1, 1).y()) / 2, d.node(2, 0).y(), 1e-9,
                "a single neuron sits in the middle");
        NetworkDiagram.Edge e = d.edge(2, 0, 1);
        assertEquals(d.node(1, 1).x(), e.x1());
        assertEquals(d.node(2, 0).y(), e.y2());
    }

    @Test
    void everyLabelIsInsideThePictureClearOfTheNeuronsAndOfEveryOtherLabel() {
        NetworkDiagram d = withSlopes();
        Rectangle2D picture = new Rectangle2D.Double(0, 0, d.width(), d.height());
        List<NetworkDiagram.Edge> edges = d.edges();
        for (int a = 0; a < edges.size(); a++) {
            Rectangle2D box = edges.get(a).labelBox();
            assertTrue(picture.contains(box), "label of " + edges.get(a) + " is inside");
            for (NetworkDiagram.Node n : d.nodes()) {
                double r = NetworkDiagram.RADIUS;
                assertFalse(new Ellipse2D.Double(n.x() - r, n.y() - r, 2 * r, 2 * r).intersects(box),
                        "label of w" + edges.get(a).layer() + edges.get(a).j() + edges.get(a).k()
                                + " covers neuron " + n.layer() + "," + n.index());
            }
            for (int b = a + 1; b < edges.size(); b++) {
                assertFalse(box.intersects(edges.get(b).labelBox()), "labels " + a + " and " + b + " overlap");
            }
        }
    }

    @Test
    void thePictureHasTheDiagramsSizeAndTheSlopesInRed() {
        NetworkDiagram plain = NetworkDiagram.of(practice(1), backprop(practice(1)).trace());
        NetworkDiagram slopes = withSlopes();
        BufferedImage withRed = slopes.image();
        BufferedImage withoutRed = plain.image();
        assertEquals(slopes.width(), withRed.getWidth());
        assertEquals(slopes.height(), withRed.getHeight());
        assertTrue(count(withoutRed, false) > 1000, "circles, edges and numbers are drawn");
        assertTrue(count(withRed, true) > 200, "slopes are drawn in red: " + count(withRed, true));
        assertEquals(0, count(withoutRed, true), "no red before backprop");
        NetworkDiagram titled = slopes.title("Backpropagation in practice");
        assertTrue(titled.height() > slopes.height(), "the title takes room of its own");
        assertEquals(titled.height(), titled.image().getHeight());
    }

    @Test
    void numbersAreWrittenShort() {
        assertEquals("7", NetworkDiagram.label(7));
        assertEquals("-1", NetworkDiagram.label(-1));
        assertEquals("0", NetworkDiagram.label(-0.0));
        assertEquals("2.5", NetworkDiagram.label(2.5));
        assertEquals("0.24", NetworkDiagram.label(0.240489));
        assertEquals("-0.00416", NetworkDiagram.label(-0.00416183));
        assertEquals("1.00e-09", NetworkDiagram.label(1e-9));
    }

    @Test
    void aBatchOrAForeignTraceIsRefused() {
        Network net = practice(1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> NetworkDiagram.of(net, net.forward(Matrix.of(new double[][] {{0, 1}, {1, 0}}))));
        assertEquals("a diagram shows one example, but the trace has 2 (one per column): forward one "
                + "column of x", e.getMessage());
        Network other = Network.sizes(2, 3, 1).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> NetworkDiagram.of(net, other.forward(Matrix.vector(0, 1))));
        assertEquals("the trace's layer 1 has 3 neurons, the network's 2: the trace is from another "
                + "network", e.getMessage());
    }

    /** Pixels that are red (the slopes' colour) or, with red false, dark ink of any colour. */
    static int count(BufferedImage image, boolean red) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (red ? r > 180 && r > g + 70 && r > b + 100 : r + g + b < 450) {
                    n++;
                }
            }
        }
        return n;
    }
}
