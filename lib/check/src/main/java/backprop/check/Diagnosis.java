package backprop.check;

import backprop.Activation;
import backprop.Cost;
import backprop.GradientCheck;
import backprop.Gradients;
import backprop.Matrix;
import backprop.Network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backpropagation checked equation by equation (for {@link Cases#backprop} and
 * {@link Cases#update}). Each equation is judged on the student's own values of what it reads, so
 * one wrong equation costs that equation only: BP2 at layer l is checked with the student's
 * δ^(l+1) and z^l, BP4 with the student's δ^l and a^(l−1). Where a value is off, the feedback
 * names the equation, the layer and the first entry that is off, and, when the values match one of
 * the known wrong versions of the equation ({@link Misconception}), which one — never the
 * expected numbers. The gradients are also compared, independently, with finite differences.
 *
 * <p>Networks here use the sigmoid in every layer and the quadratic cost, as exercise 06 asks.
 */
final class Diagnosis {

    /** Equations' labels: a case's name starts with one, then ":". */
    static final String FORWARD = "forward";
    static final String BP1 = "BP1";
    static final String BP2 = "BP2";
    static final String BP3 = "BP3";
    static final String BP4 = "BP4";
    static final String UPDATE = "update";

    private static final Activation SIGMA = Activation.SIGMOID;

    private Diagnosis() {
    }

    /** What the student's code filled in, and what it threw (null if nothing). */
    private record Run(Steps steps, String threw) {
        static Run of(Network net, Matrix x, Matrix y, Cases.Backprop student) {
            Steps s = new Steps(net.depth(), x);
            try {
                student.run(net, x, y, s);
                return new Run(s, null);
            } catch (RuntimeException | StackOverflowError e) {
                return new Run(s, Cases.explain(e));
            }
        }

        /** Why a value is missing: never set, or the code threw before setting it. */
        String unset(String what) {
            return what + " is not set" + (threw == null ? "" : ": your code " + threw + " before it");
        }
    }

    // ---- backpropagation -----------------------------------------------------------------------

    static void backprop(Cases t, String network, Network net, Matrix x, Matrix y, Cases.Backprop student) {
        Gradients reference = net.backprop(x, y, Cost.QUADRATIC);
        t.check(FORWARD + ": z and a of every layer (" + network + ")",
                () -> fail(forward(Run.of(net, x, y, student), net, reference)));
        t.check(BP1 + ": δ of the output layer (" + network + ")",
                () -> fail(bp1(Run.of(net, x, y, student), net, y, reference)));
        if (net.depth() > 1) {
            t.check(BP2 + ": δ of the hidden layers (" + network + ")",
                    () -> fail(bp2(Run.of(net, x, y, student), net, reference)));
        }
        t.check(BP3 + ": ∂C/∂b of every layer (" + network + ")",
                () -> fail(bp3(Run.of(net, x, y, student), net, reference)));
        t.check(BP4 + ": ∂C/∂w of every layer (" + network + ")",
                () -> fail(bp4(Run.of(net, x, y, student), net, reference)));
        t.check("gradients against finite differences (" + network + ")",
                () -> fail(finiteDifferences(Run.of(net, x, y, student), net, x, y)));
    }

    private static String forward(Run run, Network net, Gradients ref) {
        Steps s = run.steps();
        for (int l = 1; l <= net.depth(); l++) {
            String at = "forward at layer " + l + ": ";
            Matrix in = s.a[l - 1] != null ? s.a[l - 1] : ref.trace().a(l - 1);
            if (s.z[l] == null) {
                return at + run.unset("z" + sup(l));
            }
            String off = off(s.z[l], net.w(l).times(in).plusColumn(net.b(l)), "z" + sup(l), "w" + sup(l) + "a" + sup(l - 1) + " + b" + sup(l));
            if (off != null) {
                return at + off;
            }
            if (s.a[l] == null) {
                return at + run.unset("a" + sup(l));
            }
            off = off(s.a[l], SIGMA.apply(s.z[l]), "a" + sup(l), "σ(z" + sup(l) + ")");
            if (off != null) {
                return at + off + (close(s.a[l], s.z[l]) ? "; your values are z" + sup(l) + " itself: σ is not applied" : "");
            }
        }
        return null;
    }

    private static String bp1(Run run, Network net, Matrix y, Gradients ref) {
        Steps s = run.steps();
        int L = net.depth();
        String at = "BP1 at layer " + L + ": ";
        if (s.delta[L] == null) {
            return at + run.unset("δ" + sup(L));
        }
        Matrix z = s.z[L] != null ? s.z[L] : ref.trace().z(L);
        Matrix a = s.a[L] != null ? s.a[L] : ref.trace().a(L);
        Matrix sp = SIGMA.derivative(z);
        Matrix error = a.minus(y);
        Map<Matrix, String> known = new LinkedHashMap<>();
        known.put(error, "your values match (a" + sup(L) + " − y) " + Misconception.SIGMA_PRIME_MISSING.phrase()
                + "(z" + sup(L) + ")");
        known.put(error.hadamard(sp).hadamard(sp), "your values match (a" + sup(L) + " − y) ⊙ σ′(z" + sup(L)
                + ") ⊙ σ′(z" + sup(L) + "): " + Misconception.SIGMA_PRIME_TWICE.phrase());
        known.put(error.hadamard(SIGMA.apply(z)), "your values match using σ(z" + sup(L) + ") "
                + Misconception.SIGMA_FOR_SIGMA_PRIME.phrase() + "z" + sup(L) + ") belongs");
        known.put(z.minus(y).hadamard(sp), "your values match (z" + sup(L) + " − y) ⊙ σ′(z" + sup(L) + "): δ" + sup(L)
                + " computed " + Misconception.DELTA_FROM_Z.phrase());
        known.put(y.minus(a).hadamard(sp), "your values match (y − a" + sup(L) + ") ⊙ σ′(z" + sup(L)
                + "): the sign is flipped, ∂C/∂a" + sup(L) + " = a" + sup(L) + " − y");
        return judged(at, s.delta[L], error.hadamard(sp), "δ" + sup(L), known);
    }

    private static String bp2(Run run, Network net, Gradients ref) {
        Steps s = run.steps();
        for (int l = net.depth() - 1; l >= 1; l--) {
            String at = "BP2 at layer " + l + ": ";
            if (s.delta[l] == null) {
                return at + run.unset("δ" + sup(l));
            }
            Matrix next = s.delta[l + 1] != null ? s.delta[l + 1] : ref.delta(l + 1);
            Matrix z = s.z[l] != null ? s.z[l] : ref.trace().z(l);
            Matrix w = net.w(l + 1);
            Matrix sp = SIGMA.derivative(z);
            Matrix back = w.transpose().times(next);
            String wNext = "w" + sup(l + 1);
            Map<Matrix, String> known = new LinkedHashMap<>();
            if (w.rows() == w.cols()) {
                known.put(w.times(next).hadamard(sp), "your values match using " + wNext + " where (" + wNext
                        + Misconception.W_NOT_TRANSPOSED.phrase());
            }
            known.put(back, "your values match (" + wNext + ")ᵀδ" + sup(l + 1) + " "
                    + Misconception.SIGMA_PRIME_MISSING.phrase() + "(z" + sup(l) + ")");
            known.put(back.hadamard(sp).hadamard(sp), "your values match (" + wNext + ")ᵀδ" + sup(l + 1) + " ⊙ σ′(z"
                    + sup(l) + ") ⊙ σ′(z" + sup(l) + "): " + Misconception.SIGMA_PRIME_TWICE.phrase());
            known.put(back.hadamard(SIGMA.apply(z)), "your values match using σ(z" + sup(l) + ") "
                    + Misconception.SIGMA_FOR_SIGMA_PRIME.phrase() + "z" + sup(l) + ") belongs");
            String problem = judged(at, s.delta[l], back.hadamard(sp), "δ" + sup(l), known);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String bp3(Run run, Network net, Gradients ref) {
        Steps s = run.steps();
        for (int l = net.depth(); l >= 1; l--) {
            if (s.nablaB[l] == null) {
                return "BP3 at layer " + l + ": " + run.unset("∂C/∂b" + sup(l));
            }
            Matrix delta = s.delta[l] != null ? s.delta[l] : ref.delta(l);
            String problem = judged("BP3 at layer " + l + ": ", s.nablaB[l], delta, "∂C/∂b" + sup(l), Map.of());
            if (problem != null) {
                return problem + " (it is δ" + sup(l) + " itself)";
            }
        }
        return null;
    }

    private static String bp4(Run run, Network net, Gradients ref) {
        Steps s = run.steps();
        for (int l = net.depth(); l >= 1; l--) {
            String at = "BP4 at layer " + l + ": ";
            if (s.nablaW[l] == null) {
                return at + run.unset("∂C/∂w" + sup(l));
            }
            Matrix delta = s.delta[l] != null ? s.delta[l] : ref.delta(l);
            Matrix in = l == 1 || s.a[l - 1] == null ? ref.trace().a(l - 1) : s.a[l - 1];
            Map<Matrix, String> known = new LinkedHashMap<>();
            Matrix own = s.a[l] != null ? s.a[l] : ref.trace().a(l);
            if (own.rows() == in.rows()) {
                known.put(delta.times(own.transpose()), "your values match using a" + sup(l) + " where a" + sup(l - 1)
                        + Misconception.ACTIVATION_OF_THE_LAYER.phrase() + " w" + sup(l) + ", belongs");
            }
            known.put(in.times(delta.transpose()), "your ∂C/∂w" + sup(l) + " is transposed: row j, column k holds a"
                    + sup(l - 1) + "ₖδ" + sup(l) + "ⱼ");
            String problem = judged(at, s.nablaW[l], delta.times(in.transpose()), "∂C/∂w" + sup(l), known);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The student's ∂C/∂w and ∂C/∂b against the cost's slopes measured by nudging each weight. */
    private static String finiteDifferences(Run run, Network net, Matrix x, Matrix y) {
        Steps s = run.steps();
        for (GradientCheck.Entry e : GradientCheck.of(net, x, y, Cost.QUADRATIC).entries()) {
            Matrix[] mine = e.parameter().equals("w") ? s.nablaW : s.nablaB;
            String name = "∂C/∂" + e.parameter() + sup(e.layer());
            Matrix m = mine[e.layer()];
            if (m == null) {
                return run.unset(name);
            }
            int rows = e.parameter().equals("w") ? net.w(e.layer()).rows() : net.b(e.layer()).rows();
            int cols = e.parameter().equals("w") ? net.w(e.layer()).cols() : 1;
            if (m.rows() != rows || m.cols() != cols) {
                return name + " is " + m.shape() + ", but should be " + rows + "×" + cols;
            }
            if (!(Math.abs(m.get(e.j(), e.k()) - e.numeric()) <= 1e-6 * Math.max(1, Math.abs(e.numeric())))) {
                return name + " differs from the slope measured by nudging " + e.parameter() + sup(e.layer())
                        + " at row " + (e.j() + 1) + (e.parameter().equals("w") ? ", column " + (e.k() + 1) : "");
            }
        }
        return null;
    }

    // ---- the update --------------------------------------------------------------------------

    static void update(Cases t, String what, Matrix w, List<Matrix> nablas, double eta, Cases.Update student) {
        int m = nablas.size();
        Matrix sum = nablas.get(0);
        for (Matrix n : nablas.subList(1, m)) {
            sum = sum.plus(n);
        }
        Matrix step = sum.times(eta / m);
        Map<Matrix, String> known = new LinkedHashMap<>();
        known.put(w.minus(sum.times(eta)), "your values match w − η Σ ∂C/∂w: the sum over the mini-batch is "
                + Misconception.SUM_NOT_DIVIDED.phrase() + " = " + m);
        known.put(w.plus(step), "your values match w + (η/m) Σ ∂C/∂w: the gradient is "
                + Misconception.GRADIENT_ADDED.phrase());
        known.put(w.plus(sum.times(eta)), "your values match w + η Σ ∂C/∂w: the gradient is "
                + Misconception.GRADIENT_ADDED.phrase() + ", and the sum is " + Misconception.SUM_NOT_DIVIDED.phrase());
        known.put(w.minus(sum.times(1.0 / m)), "your values match w − (1/m) Σ ∂C/∂w: the learning rate η is left out");
        Matrix expected = w.minus(step);
        t.check(UPDATE + ": w ← w − (η/m) Σ ∂C/∂w (" + what + ")", () -> {
            Matrix mine = student.run(w, List.copyOf(nablas), eta);
            fail(mine == null ? "update: the new w is null" : judged("update: ", mine, expected, "the new w", known));
        });
    }

    // ---- comparing -----------------------------------------------------------------------------

    /** Null when {@code mine} is right, else the equation, where it is off, and a known mistake it matches. */
    private static String judged(String at, Matrix mine, Matrix expected, String name, Map<Matrix, String> known) {
        String off = off(mine, expected, name, null);
        if (off == null) {
            return null;
        }
        for (Map.Entry<Matrix, String> k : known.entrySet()) {
            if (close(mine, k.getKey())) {
                return at + off + "; " + k.getValue();
            }
        }
        return at + off;
    }

    /** Null when close, else "δ¹ is off at row 2" (or its shape); {@code formula} names the shape's source. */
    private static String off(Matrix mine, Matrix expected, String name, String formula) {
        if (mine.rows() != expected.rows() || mine.cols() != expected.cols()) {
            return name + " is " + mine.shape() + ", but should be " + expected.shape()
                    + (formula == null ? "" : ", the shape of " + formula);
        }
        for (int i = 0; i < mine.rows(); i++) {
            for (int j = 0; j < mine.cols(); j++) {
                if (!near(mine.get(i, j), expected.get(i, j))) {
                    return name + " is off" + (mine.rows() * mine.cols() == 1 ? ""
                            : " at row " + (i + 1) + (mine.cols() > 1 ? ", column " + (j + 1) : ""));
                }
            }
        }
        return null;
    }

    private static boolean close(Matrix a, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            return false;
        }
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                if (!near(a.get(i, j), b.get(i, j))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }

    private static void fail(String problem) {
        if (problem != null) {
            throw new Cases.Feedback(problem);
        }
    }

    /** A layer's number as a superscript: 2 → ², 10 → ¹⁰. */
    static String sup(int l) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder out = new StringBuilder();
        for (char c : String.valueOf(l).toCharArray()) {
            out.append(digits.charAt(c - '0'));
        }
        return out.toString();
    }
}
