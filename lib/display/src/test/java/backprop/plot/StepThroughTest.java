package backprop.plot;

import backprop.Activation;
import backprop.Cost;
import backprop.Gradients;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import backprop.Sgd;
import backprop.notebook.MimeBundle;
import backprop.notebook.Show;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepThroughTest {

    /** Lecture 05's network: inputs 0 and 1, hidden values 1 and 3, output 7, target 4. */
    static final Network PRACTICE = NetworkDiagramTest.practice(1);

    static StepThrough practice() {
        return StepThrough.of(PRACTICE, NetworkDiagramTest.backprop(PRACTICE), Sgd.eta(0.01));
    }

    /** The last number of each frame of a phase whose caption starts with the given text. */
    static List<String> results(StepThrough s, String phase, String start) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (s.phase(i).equals(phase) && s.caption(i).startsWith(start)) {
                String c = s.caption(i);
                out.add(c.substring(c.lastIndexOf("= ") + 2));
            }
        }
        return out;
    }

    @Test
    void theForwardPassGoesNeuronByNeuronZThenA() {
        StepThrough s = practice();
        assertEquals("start", s.phase(0));
        assertEquals("?", s.text(0, "n1_0_a"), "nothing is computed in the first frame");
        assertEquals("1", s.text(0, "n0_1_a"), "the inputs are there from the start");
        // z¹₀ = 2·0 + 1·1 = 1, a = relu(1) = 1; z¹₁ = −1·0 + 3·1 = 3; z²₀ = 1·1 + 2·3 = 7, by hand
        assertEquals("z¹₀ = Σₖ w¹₀ₖ a⁰ₖ = 2 × 0 + 1 × 1 = 1", s.caption(1));
        assertEquals(List.of("n1_0"), s.highlighted(1));
        assertEquals("z = 1", s.text(1, "n1_0_z"));
        assertEquals("?", s.text(1, "n1_0_a"), "a comes in the frame after z");
        assertEquals("a¹₀ = relu(z¹₀) = relu(1) = 1", s.caption(2));
        assertEquals("1", s.text(2, "n1_0_a"));
        assertEquals(List.of("1", "1", "3", "3", "7", "7"), results(s, "forward", ""));
        assertEquals(List.of("n1_1"), s.highlighted(3));
        assertEquals(List.of("n2_0"), s.highlighted(5));
    }

    @Test
    void theBackwardPassShowsTheLecturesSlopesInOrder() {
        StepThrough s = practice();
        // the output node: ∂C/∂a = 2 × (7 − 4) = 6, relu′(7) = 1, δ = 6
        List<String> nodes = results(s, "backward", "∂C/∂a");
        assertEquals(List.of("6", "6", "12"), nodes, "δ at the output, then at the two hidden neurons");
        // the weights: 1 × 6 × 1 = 6, 3 × 6 × 1 = 18, then 0 × 6 × 1, 1 × 6 × 1, 0 × 12 × 1, 1 × 12 × 1
        assertEquals(List.of("6", "18", "0", "6", "0", "12"), results(s, "backward", "∂C/∂w"));
        int w201 = indexOf(s, "∂C/∂w²₀₁");
        assertEquals("∂C/∂w²₀₁ = a¹₁ × ∂C/∂a²₀ × f′(z²₀) = 3 × 6 × 1 = 18", s.caption(w201));
        assertEquals(List.of("e2_0_1", "n1_1", "n2_0"), s.highlighted(w201));
        assertEquals("∂C/∂w = 18", s.text(w201, "e2_0_1_g"));
        int hidden1 = indexOf(s, "∂C/∂a¹₁");
        assertTrue(s.caption(hidden1).contains("Σᵢ w²ᵢ₁ δ²ᵢ = 2 × 6"), s.caption(hidden1));
        assertTrue(s.caption(hidden1).contains("δ¹₁ = 12 × 1 = 12"), s.caption(hidden1));
    }

    @Test
    void everyNumberIsTheLibrarysOwn() {
        Network net = NetworkDiagramTest.practice(1.5);                        // not whole numbers
        Gradients g = net.backprop(Matrix.vector(0.3, 0.7), Matrix.scalar(2), Cost.SQUARED_ERROR);
        StepThrough s = StepThrough.of(net, g, Sgd.eta(0.1));
        int last = s.size() - 1;
        for (int l = 1; l <= 2; l++) {
            for (int j = 0; j < net.sizes()[l]; j++) {
                assertEquals("z = " + StepFrames.number(g.trace().z(l).get(j, 0)), s.text(last, "n" + l + "_" + j + "_z"));
                assertEquals(StepFrames.number(g.trace().a(l).get(j, 0)), s.text(last, "n" + l + "_" + j + "_a"));
                assertEquals("δ = " + StepFrames.number(g.delta(l).get(j, 0)), s.text(last, "n" + l + "_" + j + "_s"));
                for (int k = 0; k < net.sizes()[l - 1]; k++) {
                    String e = "e" + l + "_" + j + "_" + k;
                    assertEquals("∂C/∂w = " + StepFrames.number(g.nablaW(l).get(j, k)), s.text(last, e + "_g"));
                    double updated = net.w(l).get(j, k) - 0.1 * g.nablaW(l).get(j, k);   // w − η ∂C/∂w
                    assertEquals(StepFrames.number(net.w(l).get(j, k)) + " → " + StepFrames.number(updated),
                            s.text(last, e + "_w"));
                }
            }
        }
    }

    @Test
    void theUpdateShowsOldAndNewWeights() {
        StepThrough s = practice();
        int top = indexOf(s, "Layer 2, w ← w − η ∂C/∂w");
        assertEquals("update", s.phase(top));
        // 1 − 0.01 × 6 = 0.94, 2 − 0.01 × 18 = 1.82, by hand
        assertTrue(s.caption(top).contains("w²₀₀: 1 − 0.01 × 6 = 0.94; w²₀₁: 2 − 0.01 × 18 = 1.82"), s.caption(top));
        assertEquals("1 → 0.94", s.text(top, "e2_0_0_w"));
        assertEquals(List.of("e2_0_0", "e2_0_1"), s.highlighted(top));
        assertEquals(1 + 6 + 3 + 6 + 2, s.size(), "start, 6 forward, 3 neurons and 6 weights back, 2 layers updated");
    }

    @Test
    void theSimpleNetworkOfLecture04WithItsBiasAndSigmoid() {
        // z1 = w1·x, a1 = relu(z1), z2 = w2·a1 + b, y = σ(z2); C = ½(y − t)², t = 1, x = 3
        Network net = Network.of(
                Layer.withoutBias(Matrix.scalar(0.01), Activation.RELU),
                Layer.of(Matrix.scalar(-5), Matrix.scalar(-1), Activation.SIGMOID));
        Gradients g = net.backprop(Matrix.scalar(3), Matrix.scalar(1), Cost.QUADRATIC);
        StepThrough s = StepThrough.of(net, g, Sgd.eta(1));
        assertEquals(List.of("0.03", "0.03", "−1.15", "0.2405"), results(s, "forward", ""));
        // the course's answers: ∂C/∂w2 = −0.004162, ∂C/∂w1 = 2.081, ∂C/∂b = δ² = −0.1387
        assertEquals(List.of("−0.004162", "2.081"), results(s, "backward", "∂C/∂w"));
        assertTrue(s.caption(indexOf(s, "∂C/∂a²₀")).contains("δ²₀ = ") && s.caption(indexOf(s, "∂C/∂a²₀"))
                .contains("= −0.1387; ∂C/∂b²₀ = δ"), s.caption(indexOf(s, "∂C/∂a²₀")));
        assertTrue(s.caption(indexOf(s, "Layer 2")).contains("b²₀: −1 − 1 × −0.1387 = −0.8613"),
                s.caption(indexOf(s, "Layer 2")));
    }

    @Test
    void aNetworkTooLargeToReadIsRefusedWithASizeThatFits() {
        Network big = Network.sizes(784, 30, 10).seed(1).build();
        Gradients g = big.backprop(Matrix.fill(784, 1, (i, e) -> 0.5), Matrix.fill(10, 1, (i, e) -> 0), Cost.QUADRATIC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepThrough.of(big, g, Sgd.eta(1)));
        assertEquals("a step-through draws at most 4 neurons per layer and 3 layers with weights, so "
                + "that every number can be read; this network is [784, 30, 10]: step through a smaller "
                + "one, such as [4, 4, 4], and use NetworkDiagram or Tables for this one", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> StepThrough.of(PRACTICE, g, Sgd.eta(1)), "gradients of another network");
    }

    @Test
    void oneSelfContainedHtmlOutputWithItsFirstFrameStillAndATextTwin() {
        StepThrough s = practice();
        MimeBundle bundle = Show.render(s);
        String html = bundle.get(MimeBundle.HTML);
        assertFalse(html.contains("src=") || html.contains("href=") || html.contains("fetch(")
                || html.contains("import "), "nothing is fetched");
        assertTrue(html.contains("<svg") && html.contains("<script>"));
        Matcher text = Pattern.compile("data-slot=\"n1_0_a\"[^>]*>([^<]*)<").matcher(html);
        assertTrue(text.find());
        assertEquals("?", text.group(1), "the static picture is the first frame");
        assertEquals(s.size(), count(html, "\"phase\":"), "every frame is in the page's data");
        assertTrue(html.contains("\\u003c") || !s.json().contains("<"), "no '<' inside the script");
        assertTrue(bundle.text().startsWith("One training step of [2, 2, 1] in 18 frames:\n1. start:"), bundle.text());
        assertTrue(bundle.text().contains("13. backward: ∂C/∂w¹₀₀ = a⁰₀ × ∂C/∂a¹₀ × f′(z¹₀) = 0 × 6 × 1 = 0"),
                bundle.text());
        String other = practice().html();
        assertFalse(other.substring(0, 80).equals(html.substring(0, 80)), "two outputs have their own ids");
    }

    private static int indexOf(StepThrough s, String start) {
        for (int i = 0; i < s.size(); i++) {
            if (s.caption(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no frame starts with " + start);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
