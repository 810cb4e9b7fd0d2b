package backprop.check;

import backprop.Activation;
import backprop.Matrix;
import backprop.Network;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpropagation diagnosed equation by equation: a right one written with matrices and one
 * written with loops pass every case; each named misconception, written into the right one,
 * fails exactly its equation, with feedback naming the equation, the layer and the misconception,
 * and never a number.
 */
class DiagnosisTest {

    static final UnaryOperator<Matrix> SIGMOID = z -> z.map(v -> 1 / (1 + Math.exp(-v)));
    static final UnaryOperator<Matrix> SIGMOID_PRIME = z -> SIGMOID.apply(z).map(s -> s * (1 - s));

    /** What to get wrong in the matrix version (null: nothing). */
    enum Wrong { NONE, BP1_NO_SIGMA_PRIME, BP1_TWICE, BP1_SIGMA, BP1_FROM_Z, BP2_NOT_TRANSPOSED, BP2_NO_SIGMA_PRIME,
        BP2_SIGMA, BP4_OWN_ACTIVATION }

    /** The exercise's solution, with matrices, and one thing wrong in it. */
    static Cases.Backprop withMatrices(Wrong wrong) {
        return (net, x, y, s) -> {
            int L = net.depth();
            for (int l = 1; l <= L; l++) {
                s.z[l] = net.w(l).times(s.a[l - 1]).plusColumn(net.b(l));
                s.a[l] = SIGMOID.apply(s.z[l]);
            }
            Matrix sp = SIGMOID_PRIME.apply(s.z[L]);
            s.delta[L] = switch (wrong) {
                case BP1_NO_SIGMA_PRIME -> s.a[L].minus(y);
                case BP1_TWICE -> s.a[L].minus(y).hadamard(sp).hadamard(sp);
                case BP1_SIGMA -> s.a[L].minus(y).hadamard(SIGMOID.apply(s.z[L]));
                case BP1_FROM_Z -> s.z[L].minus(y).hadamard(sp);
                default -> s.a[L].minus(y).hadamard(sp);
            };
            for (int l = L - 1; l >= 1; l--) {
                Matrix back = (wrong == Wrong.BP2_NOT_TRANSPOSED ? net.w(l + 1) : net.w(l + 1).transpose()).times(s.delta[l + 1]);
                s.delta[l] = switch (wrong) {
                    case BP2_NO_SIGMA_PRIME -> back;
                    case BP2_SIGMA -> back.hadamard(SIGMOID.apply(s.z[l]));
                    default -> back.hadamard(SIGMOID_PRIME.apply(s.z[l]));
                };
            }
            for (int l = 1; l <= L; l++) {
                s.nablaB[l] = s.delta[l];
                s.nablaW[l] = s.delta[l].times((wrong == Wrong.BP4_OWN_ACTIVATION ? s.a[l] : s.a[l - 1]).transpose());
            }
        };
    }

    /** The same, written with loops over the entries: a right answer written differently. */
    static final Cases.Backprop WITH_LOOPS = (net, x, y, s) -> {
        int L = net.depth();
        for (int l = 1; l <= L; l++) {
            int rows = net.w(l).rows();
            int cols = net.w(l).cols();
            double[] z = new double[rows];
            double[] a = new double[rows];
            for (int j = 0; j < rows; j++) {
                z[j] = net.b(l).get(j);
                for (int k = 0; k < cols; k++) {
                    z[j] += net.w(l).get(j, k) * s.a[l - 1].get(k);
                }
                a[j] = 1 / (1 + Math.exp(-z[j]));
            }
            s.z[l] = Matrix.vector(z);
            s.a[l] = Matrix.vector(a);
        }
        for (int l = L; l >= 1; l--) {
            int rows = net.w(l).rows();
            double[] delta = new double[rows];
            for (int j = 0; j < rows; j++) {
                double a = s.a[l].get(j);
                double slope = a * (1 - a);
                double back = 0;
                if (l == L) {
                    back = a - y.get(j);
                } else {
                    for (int k = 0; k < net.w(l + 1).rows(); k++) {
                        back += net.w(l + 1).get(k, j) * s.delta[l + 1].get(k);
                    }
                }
                delta[j] = back * slope;
            }
            s.delta[l] = Matrix.vector(delta);
            s.nablaB[l] = Matrix.vector(delta);
            int layer = l;
            s.nablaW[l] = Matrix.fill(rows, net.w(l).cols(), (j, k) -> delta[j] * s.a[layer - 1].get(k));
        }
    };

    static List<Cases.Result> diagnose(Cases.Backprop student) {
        Cases t = new Cases();
        Network square = Network.sizes(3, 3, 3, 3).activation(Activation.SIGMOID).seed(4).build();
        t.backprop("a 3-3-3-3 network", square, Matrix.vector(0.5, -1, 2), Matrix.vector(1, 0, 1), student);
        return t.run(10, false);
    }

    static String failures(List<Cases.Result> results) {
        StringBuilder out = new StringBuilder();
        results.stream().filter(r -> !r.passed()).forEach(r -> out.append(r.name()).append(" — ").append(r.message()).append('\n'));
        return out.toString();
    }

    @Test
    void aRightBackpropWithMatricesOrWithLoopsPassesEveryEquation() {
        assertEquals("", failures(diagnose(withMatrices(Wrong.NONE))));
        assertEquals("", failures(diagnose(WITH_LOOPS)));
        assertEquals(6, diagnose(WITH_LOOPS).size());
    }

    /** The only failing case is the equation's; its message names layer and misconception. */
    static void diagnosed(Wrong wrong, String equation, String message, Misconception misconception) {
        List<Cases.Result> results = diagnose(withMatrices(wrong));
        List<Cases.Result> failed = results.stream().filter(r -> !r.passed())
                .filter(r -> !r.name().startsWith("gradients against finite differences")).toList();
        assertEquals(1, failed.size(), wrong + ":\n" + failures(results));
        assertTrue(failed.get(0).name().startsWith(equation + ":"), failed.get(0).name());
        assertTrue(failed.get(0).message().startsWith(message), wrong + ": " + failed.get(0).message());
        if (misconception != null) {
            assertEquals(List.of(misconception), Misconception.in(failed.get(0).message()), failed.get(0).message());
        }
        assertFalse(failed.get(0).message().matches(".*\\d\\.\\d.*"), "no number: " + failed.get(0).message());
        assertFalse(failures(results).isEmpty());
    }

    @Test
    void eachMisconceptionIsNamedWithItsEquationAndLayer() {
        diagnosed(Wrong.BP1_NO_SIGMA_PRIME, "BP1", "BP1 at layer 3: δ³ is off at row 1; your values match (a³ − y) without σ′(z³)",
                Misconception.SIGMA_PRIME_MISSING);
        diagnosed(Wrong.BP1_TWICE, "BP1", "BP1 at layer 3: δ³ is off", Misconception.SIGMA_PRIME_TWICE);
        diagnosed(Wrong.BP1_SIGMA, "BP1", "BP1 at layer 3: δ³ is off", Misconception.SIGMA_FOR_SIGMA_PRIME);
        diagnosed(Wrong.BP1_FROM_Z, "BP1", "BP1 at layer 3: δ³ is off", Misconception.DELTA_FROM_Z);
        diagnosed(Wrong.BP2_NOT_TRANSPOSED, "BP2", "BP2 at layer 2: δ² is off at row 1; your values match using w³ where (w³)ᵀ belongs",
                Misconception.W_NOT_TRANSPOSED);
        diagnosed(Wrong.BP2_NO_SIGMA_PRIME, "BP2", "BP2 at layer 2: δ² is off", Misconception.SIGMA_PRIME_MISSING);
        diagnosed(Wrong.BP2_SIGMA, "BP2", "BP2 at layer 2: δ² is off", Misconception.SIGMA_FOR_SIGMA_PRIME);
        diagnosed(Wrong.BP4_OWN_ACTIVATION, "BP4", "BP4 at layer 3: ∂C/∂w³ is off at row 1, column 1; your values match "
                + "using a³ where a², the activation feeding w³, belongs", Misconception.ACTIVATION_OF_THE_LAYER);
    }

    @Test
    void aBackpropThatThrowsHalfWayIsJudgedOnWhatItFilledIn() {
        List<Cases.Result> results = diagnose((net, x, y, s) -> {
            withMatrices(Wrong.NONE).run(net, x, y, s);
            s.delta[1] = null;
            s.nablaB[1] = null;
            s.nablaW[1] = null;
            throw new IllegalStateException("shapes do not fit");
        });
        assertTrue(results.get(0).passed() && results.get(1).passed(), failures(results));
        assertEquals("BP2 at layer 1: δ¹ is not set: your code threw IllegalStateException: shapes do not fit before it",
                results.get(2).message());
    }

    /** The update, written right and with each misconception. */
    static String updated(BiFunction<Matrix, Matrix, Matrix> step) {
        Cases t = new Cases();
        Matrix w = Matrix.of(new double[][] {{0.5, -1}, {2, 0.25}});
        List<Matrix> nablas = List.of(Matrix.of(new double[][] {{1, 2}, {3, 4}}), Matrix.of(new double[][] {{-1, 0.5}, {2, 1}}),
                Matrix.of(new double[][] {{0.1, 0.2}, {0.3, -0.4}}));
        t.update("a mini-batch of 3", w, nablas, 0.5, (w0, ns, eta) -> {
            Matrix sum = ns.get(0);
            for (Matrix n : ns.subList(1, ns.size())) {
                sum = sum.plus(n);
            }
            return step.apply(w0, sum.times(eta).times(1.0 / ns.size()).times(1.0)).plus(Matrix.zeros(2, 2))
                    .minus(Matrix.zeros(2, 2));
        });
        List<Cases.Result> r = t.run(10, false);
        assertTrue(r.get(0).name().startsWith("update:"));
        return r.get(0).passed() ? "" : r.get(0).message();
    }

    @Test
    void theUpdateIsSubtractedAndDividedByTheSizeOfTheMiniBatch() {
        assertEquals("", updated(Matrix::minus));
        String added = updated(Matrix::plus);
        assertEquals(List.of(Misconception.GRADIENT_ADDED), Misconception.in(added), added);
        String undivided = updated((w, step) -> w.minus(step.times(3)));
        assertEquals(List.of(Misconception.SUM_NOT_DIVIDED), Misconception.in(undivided), undivided);
        assertTrue(undivided.startsWith("update: the new w is off at row 1, column 1"), undivided);
    }
}
