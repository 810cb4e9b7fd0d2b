package backprop.plot;

import backprop.Gradients;
import backprop.Network;
import backprop.Sgd;
import backprop.ThreeFactors;
import backprop.Trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The frames of one training step, in the order a person works it out by hand: the forward pass
 * neuron by neuron (z, then a), the backward pass from the output (∂C/∂a, f′(z) and δ on each
 * neuron, then ∂C/∂w on each weight into it as the product of three factors), and the update of
 * each layer's weights. Every number is read from the library's {@link Trace}, {@link Gradients}
 * and {@link Sgd#step}; nothing is recomputed here but the text that shows it.
 *
 * <p>Each frame says what every label of the diagram reads at that moment ({@link Frame#texts}),
 * so a frame can be drawn on its own. The label slots are named after what they show: "n1_0_z"
 * is z¹₀ above neuron 0 of layer 1, "n1_0_a" its value, "n1_0_s" its slope under it, "e2_0_1_w"
 * the weight w²₀₁ on its edge and "e2_0_1_g" its ∂C/∂w.
 */
final class StepFrames {

    /** One moment of the step: what is being computed, which parts light up, every label's text. */
    record Frame(String phase, String caption, List<String> highlighted, Map<String, String> texts) {
    }

    private final Network net;
    private final Trace trace;
    private final Gradients g;
    private final Network after;
    private final double eta;
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final List<Frame> frames = new ArrayList<>();

    private StepFrames(Network net, Gradients g, Sgd sgd) {
        this.net = net;
        this.trace = g.trace();
        this.g = g;
        this.eta = sgd.eta();
        this.after = net.copy();
        sgd.step(after, g);                                    // the library's own update
    }

    /** The frames of one step of {@code sgd} on {@code net}, whose gradients on one example are g. */
    static List<Frame> of(Network net, Gradients g, Sgd sgd) {
        StepFrames step = new StepFrames(net, g, sgd);
        step.start();
        step.forward();
        step.backward();
        step.update();
        return List.copyOf(step.frames);
    }

    private void start() {
        for (int l = 0; l <= net.depth(); l++) {
            for (int j = 0; j < net.sizes()[l]; j++) {
                set(node(l, j, "z"), "");
                set(node(l, j, "a"), l == 0 ? number(trace.a(0).get(j, 0)) : "?");
                set(node(l, j, "s"), "");
            }
        }
        for (int l = 1; l <= net.depth(); l++) {
            for (int j = 0; j < net.sizes()[l]; j++) {
                for (int k = 0; k < net.sizes()[l - 1]; k++) {
                    set(edge(l, j, k, "w"), number(net.w(l).get(j, k)));
                    set(edge(l, j, k, "g"), "");
                }
            }
        }
        frame("start", "The input x = (" + column(0) + ") and the weights; the neurons are not "
                + "computed yet.", List.of());
    }

    // ---- forward: z^l = w^l a^(l−1) + b^l, a^l = f(z^l) -------------------------------------------

    private void forward() {
        for (int l = 1; l <= net.depth(); l++) {
            for (int j = 0; j < net.sizes()[l]; j++) {
                StringBuilder sum = new StringBuilder();
                for (int k = 0; k < net.sizes()[l - 1]; k++) {
                    sum.append(k == 0 ? "" : " + ").append(number(net.w(l).get(j, k))).append(" × ")
                            .append(number(trace.a(l - 1).get(k, 0)));
                }
                if (net.layer(l).hasBias()) {
                    sum.append(" + ").append(number(net.b(l).get(j, 0)));
                }
                double z = trace.z(l).get(j, 0);
                set(node(l, j, "z"), "z = " + number(z));
                frame("forward", "z" + sup(l) + sub(j) + " = Σₖ w" + sup(l) + sub(j) + "ₖ a"
                        + sup(l - 1) + "ₖ" + (net.layer(l).hasBias() ? " + b" + sup(l) + sub(j) : "")
                        + " = " + sum + " = " + number(z), List.of(nodeId(l, j)));
                String f = net.activation(l).id();
                set(node(l, j, "a"), number(trace.a(l).get(j, 0)));
                frame("forward", "a" + sup(l) + sub(j) + " = " + f + "(z" + sup(l) + sub(j) + ") = "
                        + f + "(" + number(z) + ") = " + number(trace.a(l).get(j, 0)),
                        List.of(nodeId(l, j)));
            }
        }
    }

    // ---- backward: δ^l = ∂C/∂a^l ⊙ f′(z^l), ∂C/∂w^l_jk = a^(l−1)_k δ^l_j -------------------------

    private void backward() {
        int L = net.depth();
        for (int l = L; l >= 1; l--) {
            for (int j = 0; j < net.sizes()[l]; j++) {
                neuronSlope(l, j);
            }
            for (int j = 0; j < net.sizes()[l]; j++) {
                for (int k = 0; k < net.sizes()[l - 1]; k++) {
                    weightSlope(l, j, k);
                }
            }
        }
    }

    /** ∂C/∂a, f′(z) and δ = ∂C/∂a · f′(z) of neuron j of layer l (BP1 or BP2). */
    private void neuronSlope(int l, int j) {
        double dCda = g.dCda(l).get(j, 0);
        double fPrime = net.activation(l).derivative(trace.z(l).get(j, 0));
        double delta = g.delta(l).get(j, 0);
        String where;
        if (l == net.depth()) {                                // BP1: the cost's own slope
            where = "the cost's slope at a = " + number(trace.a(l).get(j, 0)) + ", target "
                    + number(g.target().get(j, 0));
        } else {                                               // BP2: what the weights leaving it pass back
            StringBuilder sum = new StringBuilder();
            for (int i = 0; i < net.sizes()[l + 1]; i++) {
                sum.append(i == 0 ? "" : " + ").append(number(net.w(l + 1).get(i, j))).append(" × ")
                        .append(number(g.delta(l + 1).get(i, 0)));
            }
            where = "Σᵢ w" + sup(l + 1) + "ᵢ" + sub(j) + " δ" + sup(l + 1) + "ᵢ = " + sum;
        }
        set(node(l, j, "s"), "δ = " + number(delta));
        String bias = net.layer(l).hasBias() ? "; ∂C/∂b" + sup(l) + sub(j) + " = δ" : "";
        frame("backward", "∂C/∂a" + sup(l) + sub(j) + " = " + number(dCda) + " (" + where + "); f′(z"
                + sup(l) + sub(j) + ") = " + net.activation(l).id() + "′(" + number(trace.z(l).get(j, 0))
                + ") = " + number(fPrime) + "; δ" + sup(l) + sub(j) + " = " + number(dCda) + " × "
                + number(fPrime) + " = " + number(delta) + bias, List.of(nodeId(l, j)));
    }

    /** ∂C/∂w^l_jk = a^(l−1)_k × ∂C/∂a^l_j × f′(z^l_j), the three factors (BP4). */
    private void weightSlope(int l, int j, int k) {
        ThreeFactors three = g.threeFactors(l, j, k);
        double slope = g.nablaW(l).get(j, k);
        set(edge(l, j, k, "g"), "∂C/∂w = " + number(slope));
        frame("backward", "∂C/∂w" + sup(l) + sub(j) + sub(k) + " = a" + sup(l - 1) + sub(k) + " × ∂C/∂a"
                + sup(l) + sub(j) + " × f′(z" + sup(l) + sub(j) + ") = " + number(three.valueIn()) + " × "
                + number(three.slopeAtNode()) + " × " + number(three.activationSlope()) + " = "
                + number(slope), List.of(edgeId(l, j, k), nodeId(l - 1, k), nodeId(l, j)));
    }

    // ---- update: w ← w − η ∂C/∂w ---------------------------------------------------------------

    private void update() {
        for (int l = 1; l <= net.depth(); l++) {
            List<String> lit = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int j = 0; j < net.sizes()[l]; j++) {
                for (int k = 0; k < net.sizes()[l - 1]; k++) {
                    double old = net.w(l).get(j, k), updated = after.w(l).get(j, k);
                    set(edge(l, j, k, "w"), number(old) + " → " + number(updated));
                    lit.add(edgeId(l, j, k));
                    lines.add("w" + sup(l) + sub(j) + sub(k) + ": " + number(old) + " − " + number(eta)
                            + " × " + number(g.nablaW(l).get(j, k)) + " = " + number(updated));
                }
                if (net.layer(l).hasBias()) {
                    lines.add("b" + sup(l) + sub(j) + ": " + number(net.b(l).get(j, 0)) + " − "
                            + number(eta) + " × " + number(g.nablaB(l).get(j, 0)) + " = "
                            + number(after.b(l).get(j, 0)));
                }
            }
            frame("update", "Layer " + l + ", w ← w − η ∂C/∂w with η = " + number(eta) + ": "
                    + String.join("; ", lines), lit);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void frame(String phase, String caption, List<String> highlighted) {
        frames.add(new Frame(phase, caption, List.copyOf(highlighted), Map.copyOf(texts)));
    }

    private void set(String slot, String text) {
        texts.put(slot, text);
    }

    private String column(int l) {
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < trace.a(l).rows(); j++) {
            out.append(j == 0 ? "" : ", ").append(number(trace.a(l).get(j, 0)));
        }
        return out.toString();
    }

    static String nodeId(int l, int j) {
        return "n" + l + "_" + j;
    }

    static String edgeId(int l, int j, int k) {
        return "e" + l + "_" + j + "_" + k;
    }

    static String node(int l, int j, String part) {
        return nodeId(l, j) + "_" + part;
    }

    static String edge(int l, int j, int k, String part) {
        return edgeId(l, j, k) + "_" + part;
    }

    /** A number as the step-through writes it: whole numbers plainly, others to 4 significant digits. */
    static String number(double x) {
        String s;
        if (x == Math.rint(x) && Math.abs(x) < 1e6) {
            s = x == 0 ? "0" : String.valueOf((long) x);
        } else {
            s = String.format(Locale.ROOT, "%.4g", x);
        }
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "");
            s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        return s.replace('-', '−');
    }

    static String sup(int n) {
        return digits(n, "⁰¹²³⁴⁵⁶⁷⁸⁹");
    }

    static String sub(int n) {
        return digits(n, "₀₁₂₃₄₅₆₇₈₉");
    }

    private static String digits(int n, String alphabet) {
        StringBuilder out = new StringBuilder();
        for (char c : String.valueOf(n).toCharArray()) {
            out.append(alphabet.charAt(c - '0'));
        }
        return out.toString();
    }
}
