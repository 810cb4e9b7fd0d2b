package backprop.plot;

import backprop.Gradients;
import backprop.Network;
import backprop.Trace;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small network drawn the way the course slides draw it: layers left to right, each neuron's
 * value in its circle, each weight on its edge, and, once backpropagation has run, the slopes of
 * the cost in red: ∂C/∂a under each neuron and ∂C/∂w on each edge beside its weight.
 *
 * <pre>{@code
 * Gradients g = net.backprop(x, y, Cost.SQUARED_ERROR);
 * show(NetworkDiagram.of(net, g.trace()).with(g).image());
 * }</pre>
 *
 * The layout ({@link #nodes()}, {@link #edges()}, with every label as text) is computed without
 * drawing, so it can be read and tested on its own; {@link #image()} only paints it. It shows one
 * example. The labels are readable for layers of one or two neurons, as in the course's examples;
 * wider layers draw correctly but crowd the labels on their edges.
 */
public final class NetworkDiagram {

    /**
     * A neuron: where its centre is and what it shows (slope is "" before backprop).
     *
     * @param layer l, the neuron's layer (0 is the input)
     * @param index j, the neuron's place in its layer, counted from 0 at the top
     * @param x     the centre's x, in pixels from the left
     * @param y     the centre's y, in pixels from the top
     * @param value a^l_j as written in the circle
     * @param slope ∂C/∂a^l_j as written under it, "" before backprop and for the input
     */
    public record Node(int layer, int index, double x, double y, String value, String slope) {
    }

    /**
     * The weight w^l_jk from neuron k of layer l−1 to neuron j of layer l: the line between the
     * two circles, its weight and (after backprop) its slope ∂C/∂w, in a box centred at
     * (labelX, labelY) of the given size.
     *
     * @param layer       l, the layer the weight leads into
     * @param j           the neuron in layer l
     * @param k           the neuron in layer l − 1
     * @param x1          the x of the line's start, at neuron k, in pixels
     * @param y1          the y of the line's start
     * @param x2          the x of the line's end, at neuron j
     * @param y2          the y of the line's end
     * @param weight      w^l_jk as the label writes it
     * @param gradient    ∂C/∂w^l_jk as the label writes it, "" before backprop
     * @param labelX      the x of the label box's centre
     * @param labelY      the y of the label box's centre
     * @param labelWidth  the label box's width, in pixels
     * @param labelHeight the label box's height, in pixels
     */
    public record Edge(int layer, int j, int k, double x1, double y1, double x2, double y2,
                       String weight, String gradient, double labelX, double labelY,
                       double labelWidth, double labelHeight) {

        /** The label's box. */
        public Rectangle2D labelBox() {
            return new Rectangle2D.Double(labelX - labelWidth / 2, labelY - labelHeight / 2,
                    labelWidth, labelHeight);
        }
    }

    static final int RADIUS = 28;
    static final int LAYER_GAP = 240;
    static final int NODE_GAP = 140;
    static final int MARGIN = 110;
    static final int MIN_WIDTH = 620;

    static final Color NODE_FILL = new Color(0xE6F0FA);
    static final Color NODE_LINE = new Color(0x0072B2);
    static final Color EDGE_LINE = new Color(0x9A9A9A);
    static final Color INK = new Color(0x222222);
    static final Color GREY = new Color(0x666666);
    /** The slopes' colour (the slides' red; Okabe–Ito vermillion). */
    static final Color SLOPE = new Color(0xD55E00);

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font HEADER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font VALUE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private final Network net;
    private final Trace trace;
    private final Gradients gradients; // null: no slopes
    private final String title;

    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<String> headers = new ArrayList<>();
    private final List<Double> headerX = new ArrayList<>();
    private double headerY;
    private double legendY;
    private int width;
    private int height;

    private NetworkDiagram(Network net, Trace trace, Gradients gradients, String title) {
        this.net = net;
        this.trace = trace;
        this.gradients = gradients;
        this.title = title;
        layout();
    }

    /** The network with the values of one forward pass (one example) on its neurons. */
    public static NetworkDiagram of(Network net, Trace trace) {
        if (trace.examples() != 1) {
            throw new IllegalArgumentException("a diagram shows one example, but the trace has "
                    + trace.examples() + " (one per column): forward one column of x");
        }
        if (trace.depth() != net.depth()) {
            throw new IllegalArgumentException("the trace has " + trace.depth()
                    + " layers but the network has " + net.depth());
        }
        for (int l = 1; l <= net.depth(); l++) {
            if (trace.a(l).rows() != net.w(l).rows()) {
                throw new IllegalArgumentException("the trace's layer " + l + " has "
                        + trace.a(l).rows() + " neurons, the network's " + net.w(l).rows()
                        + ": the trace is from another network");
            }
        }
        return new NetworkDiagram(net, trace, null, "");
    }

    /** The same diagram with the slopes of backpropagation in red (from the same forward pass). */
    public NetworkDiagram with(Gradients g) {
        if (g.depth() != net.depth()) {
            throw new IllegalArgumentException("the gradients are for " + g.depth()
                    + " layers but the network has " + net.depth());
        }
        if (g.trace().examples() != 1) {
            throw new IllegalArgumentException("a diagram shows one example, but the gradients "
                    + "come from " + g.trace().examples());
        }
        return new NetworkDiagram(net, trace, g, title);
    }

    /** The same diagram with a title above it. */
    public NetworkDiagram title(String title) {
        return new NetworkDiagram(net, trace, gradients, title == null ? "" : title);
    }

    /** Every neuron, layer by layer from the input, top to bottom in each. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Every weight's edge, layer by layer, by j and then k. */
    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    /** Neuron j of layer l (layer 0 is the input). */
    public Node node(int layer, int j) {
        return nodes.stream().filter(n -> n.layer() == layer && n.index() == j).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no neuron " + j + " in layer " + layer));
    }

    /** The edge of weight w^l_jk. */
    public Edge edge(int layer, int j, int k) {
        return edges.stream().filter(e -> e.layer() == layer && e.j() == j && e.k() == k).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no weight w^" + layer + "_" + j + k));
    }

    /** The column headings, input first: "input", "layer 1 · relu", …. */
    public List<String> headers() {
        return List.copyOf(headers);
    }

    /** The picture's width, in pixels. */
    public int width() {
        return width;
    }

    /** The picture's height, in pixels. */
    public int height() {
        return height;
    }

    /** Whether the diagram shows backpropagation's slopes, as one from {@link #with(Gradients)} does. */
    public boolean hasSlopes() {
        return gradients != null;
    }

    /** A number as the diagram writes it: whole numbers plainly, others to 3 significant digits. */
    public static String label(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e6) {
            return String.valueOf((long) x);
        }
        String s = String.format(Locale.ROOT, "%.3g", x);
        if (s.contains("e")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        return s;
    }

    // ---- layout --------------------------------------------------------------------------------

    private void layout() {
        int L = net.depth();
        int[] sizes = net.sizes();
        int tallest = java.util.Arrays.stream(sizes).max().orElse(1);
        double titleSpace = title.isEmpty() ? 0 : 34;
        headerY = titleSpace + 26;
        double firstRow = headerY + 22 + RADIUS;
        double columnHeight = (tallest - 1) * NODE_GAP;
        width = Math.max(MIN_WIDTH, 2 * MARGIN + L * LAYER_GAP);
        double left = (width - L * LAYER_GAP) / 2.0;

        FontMetrics labelMetrics = metrics(LABEL_FONT);
        for (int l = 0; l <= L; l++) {
            double x = left + l * LAYER_GAP;
            headerX.add(x);
            headers.add(l == 0 ? "input" : (l == L ? "output" : "layer " + l) + " · " + net.activation(l).id());
            double top = firstRow + (columnHeight - (sizes[l] - 1) * NODE_GAP) / 2;
            for (int j = 0; j < sizes[l]; j++) {
                String slope = gradients != null && l >= 1 ? label(gradients.dCda(l).get(j, 0)) : "";
                nodes.add(new Node(l, j, x, top + j * NODE_GAP, label(trace.a(l).get(j, 0)), slope));
            }
        }
        for (int l = 1; l <= L; l++) {
            int n = sizes[l];
            for (int j = 0; j < n; j++) {
                // Labels of the edges into neuron j sit at the same fraction t of the way, a
                // different one for each j: labels of edges into one neuron are a node gap
                // apart vertically (times 1 − t), those into different neurons apart sideways.
                double t = n == 1 ? 0.45 : 0.3 + 0.4 * j / (n - 1);
                for (int k = 0; k < sizes[l - 1]; k++) {
                    Node from = node(l - 1, k);
                    Node to = node(l, j);
                    String weight = label(net.w(l).get(j, k));
                    String gradient = gradients != null ? label(gradients.nablaW(l).get(j, k)) : "";
                    double w = Math.max(labelMetrics.stringWidth(weight), labelMetrics.stringWidth(gradient)) + 10;
                    double h = (gradient.isEmpty() ? 1 : 2) * labelMetrics.getHeight() + 4;
                    edges.add(new Edge(l, j, k, from.x(), from.y(), to.x(), to.y(), weight, gradient,
                            from.x() + t * (to.x() - from.x()), from.y() + t * (to.y() - from.y()), w, h));
                }
            }
        }
        double lowest = nodes.stream().mapToDouble(Node::y).max().orElse(firstRow);
        legendY = lowest + RADIUS + (gradients != null ? 44 : 30);
        height = (int) Math.ceil(legendY + 18);
    }

    private static FontMetrics metrics(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    // ---- drawing ---------------------------------------------------------------------------------

    /** The diagram as a picture of {@link #width()} × {@link #height()} pixels. */
    public BufferedImage image() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            if (!title.isEmpty()) {
                centred(g, title, TITLE_FONT, INK, width / 2.0, 24);
            }
            for (int l = 0; l < headers.size(); l++) {
                centred(g, headers.get(l), HEADER_FONT, GREY, headerX.get(l), headerY);
            }
            g.setStroke(new BasicStroke(1.5f));
            for (Edge e : edges) {
                double dx = e.x2() - e.x1(), dy = e.y2() - e.y1(), length = Math.hypot(dx, dy);
                double ux = dx / length * RADIUS, uy = dy / length * RADIUS;
                g.setColor(EDGE_LINE);
                g.draw(new Line2D.Double(e.x1() + ux, e.y1() + uy, e.x2() - ux, e.y2() - uy));
            }
            for (Edge e : edges) {
                drawEdgeLabel(g, e);
            }
            for (Node n : nodes) {
                drawNode(g, n);
            }
            if (gradients != null) {
                for (int j = 0; j < net.sizes()[net.depth()]; j++) {
                    Node out = node(net.depth(), j);
                    g.setFont(LABEL_FONT);
                    g.setColor(GREY);
                    FontMetrics fm = g.getFontMetrics();
                    g.drawString("target " + label(gradients.target().get(j, 0)),
                            (float) (out.x() + RADIUS + 8), (float) (out.y() + fm.getAscent() / 2.0 - 2));
                }
            }
            legend(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void drawNode(Graphics2D g, Node n) {
        Ellipse2D circle = new Ellipse2D.Double(n.x() - RADIUS, n.y() - RADIUS, 2 * RADIUS, 2 * RADIUS);
        g.setColor(NODE_FILL);
        g.fill(circle);
        g.setColor(NODE_LINE);
        g.setStroke(new BasicStroke(2f));
        g.draw(circle);
        centred(g, n.value(), VALUE_FONT, INK, n.x(), n.y());
        if (!n.slope().isEmpty()) {
            centred(g, n.slope(), LABEL_FONT, SLOPE, n.x(), n.y() + RADIUS + 14);
        }
    }

    private void drawEdgeLabel(Graphics2D g, Edge e) {
        Rectangle2D box = e.labelBox();
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight(), 8, 8));
        g.setColor(new Color(0xDDDDDD));
        g.setStroke(new BasicStroke(1f));
        g.draw(new RoundRectangle2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight(), 8, 8));
        FontMetrics fm = metrics(LABEL_FONT);
        if (e.gradient().isEmpty()) {
            centred(g, e.weight(), LABEL_FONT, INK, e.labelX(), e.labelY());
        } else {
            double line = fm.getHeight();
            centred(g, e.weight(), LABEL_FONT, INK, e.labelX(), e.labelY() - line / 2);
            centred(g, e.gradient(), LABEL_FONT, SLOPE, e.labelX(), e.labelY() + line / 2);
        }
    }

    private void legend(Graphics2D g) {
        g.setFont(LEGEND_FONT);
        FontMetrics fm = g.getFontMetrics();
        String values = "black: values a and weights w";
        String slopes = gradients != null ? "red: slopes ∂C/∂a (neurons) and ∂C/∂w (weights)" : "";
        String gap = slopes.isEmpty() ? "" : "     ";
        double total = fm.stringWidth(values) + fm.stringWidth(gap) + fm.stringWidth(slopes);
        float x = (float) ((width - total) / 2);
        float y = (float) legendY;
        g.setColor(INK);
        g.drawString(values, x, y);
        g.setColor(SLOPE);
        g.drawString(slopes, x + fm.stringWidth(values + gap), y);
    }

    /** Text centred on (x, y), both ways. */
    private static void centred(Graphics2D g, String text, Font font, Color color, double x, double y) {
        g.setFont(font);
        g.setColor(color);
        FontMetrics fm = g.getFontMetrics();
        float left = (float) (x - fm.stringWidth(text) / 2.0);
        float baseline = (float) (y + (fm.getAscent() - fm.getDescent()) / 2.0);
        g.drawString(text, left, baseline);
    }

    /** The size and the network: "network diagram 620×330 of …", and ", with slopes" when it has them. */
    @Override
    public String toString() {
        return "network diagram " + width + "×" + height + " of " + net
                + (gradients != null ? ", with slopes" : "");
    }
}
