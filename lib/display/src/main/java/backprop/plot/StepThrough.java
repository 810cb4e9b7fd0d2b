package backprop.plot;

import backprop.Activation;
import backprop.Gradients;
import backprop.Network;
import backprop.Sgd;
import backprop.notebook.Html;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One training step on the network diagram, to step through with ◀ / ▶ or a slider: the forward
 * pass neuron by neuron, the backward pass with every slope, then the update of the weights.
 *
 * <pre>{@code
 * Gradients g = net.backprop(x, y, Cost.SQUARED_ERROR);
 * show(StepThrough.of(net, g, Sgd.eta(0.01)));
 * }</pre>
 *
 * It is one HTML output: an inline SVG picture, the frames' texts as data, and a few lines of
 * script that switch between them in the page (nothing is fetched, the kernel is not asked
 * again). Without scripts (a page saved from a notebook, an untrusted notebook) the first frame
 * shows as a still picture. {@link #toString()} lists every frame as text, what is shown outside
 * a notebook. The numbers are the library's: the forward pass of g's {@code Trace}, g's slopes
 * and the weights {@link Sgd#step} makes. One example, and at most {@link #MAX_NEURONS} neurons
 * per layer and {@link #MAX_LAYERS} layers with weights, so that every label can be read.
 */
public final class StepThrough {

    /** The widest layer a step-through draws legibly. */
    public static final int MAX_NEURONS = 4;
    /** The most layers with weights a step-through draws legibly. */
    public static final int MAX_LAYERS = 3;

    static final String HIGHLIGHT = "#E69F00";

    private final Network net;
    private final NetworkDiagram layout;
    private final List<StepFrames.Frame> frames;
    private final String title;

    private StepThrough(Network net, NetworkDiagram layout, List<StepFrames.Frame> frames, String title) {
        this.net = net;
        this.layout = layout;
        this.frames = frames;
        this.title = title;
    }

    /** The step {@code sgd} takes on {@code net} with the gradients g of one example. */
    public static StepThrough of(Network net, Gradients g, Sgd sgd) {
        if (net == null || g == null || sgd == null) {
            throw new IllegalArgumentException("a step-through needs the network net, its gradients g "
                    + "and the settings sgd of the step; got " + (net == null ? "net null" : g == null
                    ? "g null" : "sgd null"));
        }
        checkSize(net);
        if (net.activation(net.depth()) == Activation.SOFTMAX) {
            throw new IllegalArgumentException("the output layer is softmax, whose neurons share one "
                    + "slope: a step-through splits ∂C/∂w into three factors per neuron, so give the "
                    + "output another activation (sigmoid, say)");
        }
        NetworkDiagram layout = NetworkDiagram.of(net, g.trace()).with(g);  // checks g fits net, one example
        return new StepThrough(net, layout, StepFrames.of(net, g, sgd), "");
    }

    /** The same step-through with a title above it. */
    public StepThrough title(String title) {
        return new StepThrough(net, layout, frames, title == null ? "" : title);
    }

    private static void checkSize(Network net) {
        int[] sizes = net.sizes();
        int widest = java.util.Arrays.stream(sizes).max().orElse(0);
        if (widest > MAX_NEURONS || net.depth() > MAX_LAYERS) {
            int[] smaller = new int[Math.min(sizes.length, MAX_LAYERS + 1)];
            for (int l = 0; l < smaller.length; l++) {
                smaller[l] = Math.min(sizes[l == smaller.length - 1 ? sizes.length - 1 : l], MAX_NEURONS);
            }
            throw new IllegalArgumentException("a step-through draws at most " + MAX_NEURONS
                    + " neurons per layer and " + MAX_LAYERS + " layers with weights, so that every "
                    + "number can be read; this network is " + java.util.Arrays.toString(sizes)
                    + ": step through a smaller one, such as " + java.util.Arrays.toString(smaller)
                    + ", and use NetworkDiagram or Tables for this one");
        }
    }

    /** How many frames there are. */
    public int size() {
        return frames.size();
    }

    /** What frame i (from 0) says: "forward", "backward" or "update", and its sentence. */
    public String caption(int i) {
        return frames.get(i).caption();
    }

    /** The phase of frame i: "start", "forward", "backward" or "update". */
    public String phase(int i) {
        return frames.get(i).phase();
    }

    /** The parts lit up in frame i: "n1_0" (neuron 0 of layer 1), "e2_0_1" (the edge of w²₀₁). */
    public List<String> highlighted(int i) {
        return frames.get(i).highlighted();
    }

    /** What the label in a slot reads in frame i (see the slot names of the diagram). */
    public String text(int i, String slot) {
        String text = frames.get(i).texts().get(slot);
        if (text == null) {
            throw new IllegalArgumentException("no label " + slot + ": labels are named like n1_0_a, "
                    + "n1_0_z, n1_0_s, e1_0_0_w, e1_0_0_g");
        }
        return text;
    }

    /** Every frame, numbered, one per line: the plain-text twin of {@link #html()}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(title.isEmpty() ? "" : title + "\n");
        out.append("One training step of ").append(java.util.Arrays.toString(net.sizes()))
                .append(" in ").append(frames.size()).append(" frames:\n");
        for (int i = 0; i < frames.size(); i++) {
            out.append(i + 1).append(". ").append(frames.get(i).phase()).append(": ")
                    .append(frames.get(i).caption()).append('\n');
        }
        return out.toString();
    }

    // ---- HTML ----------------------------------------------------------------------------------

    /** The interactive output: controls, the SVG diagram in its first frame, the caption, the script. */
    public String html() {
        String id = "bp-step-" + UUID.randomUUID();
        StepFrames.Frame first = frames.get(0);
        StringBuilder out = new StringBuilder();
        out.append("<div class=\"bp-step\" id=\"").append(id).append("\" style=\"font-family:sans-serif\">\n");
        if (!title.isEmpty()) {
            out.append("<div style=\"font-weight:bold;font-size:16px\">").append(Html.escape(title)).append("</div>\n");
        }
        out.append("<div class=\"bp-controls\" style=\"display:none;margin:4px 0\">")
                .append("<button class=\"bp-prev\" title=\"previous step\">◀</button> ")
                .append("<input class=\"bp-slider\" type=\"range\" min=\"0\" max=\"").append(frames.size() - 1)
                .append("\" value=\"0\" style=\"width:320px;vertical-align:middle\"> ")
                .append("<button class=\"bp-next\" title=\"next step\">▶</button> ")
                .append("<span class=\"bp-count\">1 / ").append(frames.size()).append("</span></div>\n");
        svg(out, first);
        out.append("<div class=\"bp-caption\" style=\"margin-top:6px;font-size:15px;max-width:")
                .append(layout.width()).append("px\"><b class=\"bp-phase\">").append(first.phase())
                .append("</b>: <span class=\"bp-text\">").append(Html.escape(first.caption()))
                .append("</span></div>\n");
        out.append("<script type=\"application/json\" class=\"bp-frames\">").append(json())
                .append("</script>\n");
        out.append("<script>\n").append(SCRIPT.replace("@ID@", id)).append("</script>\n</div>");
        return out.toString();
    }

    private void svg(StringBuilder out, StepFrames.Frame frame) {
        int r = NetworkDiagram.RADIUS;
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(layout.width())
                .append("\" height=\"").append(layout.height()).append("\" style=\"background:#fff\">\n");
        List<String> headers = layout.headers();
        for (int l = 0; l < headers.size(); l++) {
            NetworkDiagram.Node top = layout.node(l, 0);
            text(out, null, top.x(), 20, 13, "#666", headers.get(l));
        }
        for (NetworkDiagram.Edge e : layout.edges()) {
            String id = StepFrames.edgeId(e.layer(), e.j(), e.k());
            boolean lit = frame.highlighted().contains(id);
            out.append("<line data-part=\"").append(id).append("\" x1=\"").append(e.x1()).append("\" y1=\"")
                    .append(e.y1()).append("\" x2=\"").append(e.x2()).append("\" y2=\"").append(e.y2())
                    .append("\" stroke=\"").append(lit ? HIGHLIGHT : "#9A9A9A").append("\" stroke-width=\"")
                    .append(lit ? 4 : 1.5).append("\"/>\n");
        }
        for (NetworkDiagram.Edge e : layout.edges()) {
            String w = StepFrames.edge(e.layer(), e.j(), e.k(), "w");
            String g = StepFrames.edge(e.layer(), e.j(), e.k(), "g");
            out.append("<rect x=\"").append(e.labelX() - 55).append("\" y=\"").append(e.labelY() - 19)
                    .append("\" width=\"110\" height=\"38\" rx=\"5\" fill=\"#fff\" fill-opacity=\"0.85\"/>\n");
            text(out, w, e.labelX(), e.labelY() - 4, 14, "#222", frame.texts().get(w));
            text(out, g, e.labelX(), e.labelY() + 13, 13, "#D55E00", frame.texts().get(g));
        }
        for (NetworkDiagram.Node n : layout.nodes()) {
            String id = StepFrames.nodeId(n.layer(), n.index());
            boolean lit = frame.highlighted().contains(id);
            out.append("<circle data-part=\"").append(id).append("\" cx=\"").append(n.x()).append("\" cy=\"")
                    .append(n.y()).append("\" r=\"").append(r).append("\" fill=\"")
                    .append(lit ? "#FCE8C0" : "#E6F0FA").append("\" stroke=\"").append(lit ? HIGHLIGHT : "#0072B2")
                    .append("\" stroke-width=\"").append(lit ? 4 : 2).append("\"/>\n");
            String z = StepFrames.node(n.layer(), n.index(), "z");
            String a = StepFrames.node(n.layer(), n.index(), "a");
            String s = StepFrames.node(n.layer(), n.index(), "s");
            text(out, z, n.x(), n.y() - r - 8, 13, "#0072B2", frame.texts().get(z));
            text(out, a, n.x(), n.y() + 5, 15, "#222", frame.texts().get(a));
            text(out, s, n.x(), n.y() + r + 18, 13, "#D55E00", frame.texts().get(s));
        }
        out.append("</svg>\n");
    }

    private static void text(StringBuilder out, String slot, double x, double y, int size, String color,
                             String text) {
        out.append("<text").append(slot == null ? "" : " data-slot=\"" + slot + "\"").append(" x=\"").append(x)
                .append("\" y=\"").append(y).append("\" font-size=\"").append(size).append("\" fill=\"")
                .append(color).append("\" text-anchor=\"middle\" font-family=\"sans-serif\">")
                .append(Html.escape(text)).append("</text>\n");
    }

    /** The frames as JSON: [{"phase", "caption", "lit": [...], "texts": {slot: text}}]. */
    String json() {
        List<String> items = new ArrayList<>();
        for (StepFrames.Frame f : frames) {
            List<String> lit = f.highlighted().stream().map(StepThrough::quote).toList();
            List<String> texts = new ArrayList<>();
            for (Map.Entry<String, String> t : f.texts().entrySet()) {
                texts.add(quote(t.getKey()) + ":" + quote(t.getValue()));
            }
            items.add("{\"phase\":" + quote(f.phase()) + ",\"caption\":" + quote(f.caption())
                    + ",\"lit\":[" + String.join(",", lit) + "],\"texts\":{" + String.join(",", texts) + "}}");
        }
        return "[" + String.join(",\n", items) + "]";
    }

    /** A JSON string that is also safe inside a script element (no "&lt;/script"). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** Switches frames in the page; @ID@ is the output's own id, so several outputs keep apart. */
    private static final String SCRIPT = """
            (function () {
              var root = document.getElementById("@ID@");
              if (!root || root.dataset.ready) { return; }
              root.dataset.ready = "1";
              var frames = JSON.parse(root.querySelector(".bp-frames").textContent);
              var slider = root.querySelector(".bp-slider");
              var at = 0;
              function draw(i) {
                at = Math.max(0, Math.min(frames.length - 1, i));
                var f = frames[at];
                root.querySelectorAll("[data-slot]").forEach(function (t) {
                  t.textContent = f.texts[t.getAttribute("data-slot")] || "";
                });
                root.querySelectorAll("[data-part]").forEach(function (p) {
                  var lit = f.lit.indexOf(p.getAttribute("data-part")) >= 0;
                  var circle = p.tagName.toLowerCase() === "circle";
                  p.setAttribute("stroke", lit ? "#E69F00" : (circle ? "#0072B2" : "#9A9A9A"));
                  p.setAttribute("stroke-width", lit ? 4 : (circle ? 2 : 1.5));
                  if (circle) { p.setAttribute("fill", lit ? "#FCE8C0" : "#E6F0FA"); }
                  p.classList.toggle("bp-lit", lit);
                });
                root.querySelector(".bp-phase").textContent = f.phase;
                root.querySelector(".bp-text").textContent = f.caption;
                root.querySelector(".bp-count").textContent = (at + 1) + " / " + frames.length;
                slider.value = at;
              }
              root.querySelector(".bp-prev").onclick = function () { draw(at - 1); };
              root.querySelector(".bp-next").onclick = function () { draw(at + 1); };
              slider.oninput = function () { draw(parseInt(slider.value, 10)); };
              root.querySelector(".bp-controls").style.display = "block";
              draw(0);
            })();
            """;
}
