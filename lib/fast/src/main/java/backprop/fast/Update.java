package backprop.fast;

import java.util.Arrays;

/**
 * BP3, BP4 and the step on plain arrays, for rows r0 … r1−1 of one layer: what
 * {@code Network.backprop} computes for ∂C/∂w^l and ∂C/∂b^l, followed at once by {@code Sgd.step}.
 * Row j of ∂C/∂w is built in the scratch row g and used straight away, never stored:
 *
 * <pre>
 *   BP4   g_k = ∂C/∂w_jk = (1/m) Σ_e δ_ej a_ek       (the 1/m folded into each δ)
 *   BP3   ∂C/∂b_j = (1/m) Σ_e δ_ej
 *   step  w_jk ← shrink · w_jk − η g_k,   b_j ← b_j − η ∂C/∂b_j     (shrink = Sgd.shrink(n))
 * </pre>
 *
 * The squares of g are added into {@code squares} (cleared first) for ‖∂C/∂w‖. The loops have
 * the shape {@code g[k] += c * a[k]}, which HotSpot compiles to vector instructions.
 */
final class Update {

    private Update() {
    }

    static void step(double[][] w, double[] b, double[][] aPrevious, double[][] delta, int m,
                     int r0, int r1, double eta, double shrink, double[] g, double[] squares) {
        Arrays.fill(squares, 0.0);
        double perExample = 1.0 / m;
        for (int j = r0; j < r1; j++) {
            double c0 = delta[0][j] * perExample;
            double[] a0 = aPrevious[0];
            for (int k = 0; k < g.length; k++) {
                g[k] = c0 * a0[k];
            }
            double biasGradient = c0;
            int e = 1;
            for (; e + 3 < m; e += 4) { // four examples a pass: fewer loads and stores of g
                double c1 = delta[e][j] * perExample;
                double c2 = delta[e + 1][j] * perExample;
                double c3 = delta[e + 2][j] * perExample;
                double c4 = delta[e + 3][j] * perExample;
                double[] a1 = aPrevious[e];
                double[] a2 = aPrevious[e + 1];
                double[] a3 = aPrevious[e + 2];
                double[] a4 = aPrevious[e + 3];
                for (int k = 0; k < g.length; k++) {
                    g[k] += c1 * a1[k] + c2 * a2[k] + c3 * a3[k] + c4 * a4[k];
                }
                biasGradient += c1;
                biasGradient += c2;
                biasGradient += c3;
                biasGradient += c4;
            }
            for (; e < m; e++) {
                double c1 = delta[e][j] * perExample;
                double[] a1 = aPrevious[e];
                for (int k = 0; k < g.length; k++) {
                    g[k] += c1 * a1[k];
                }
                biasGradient += c1;
            }
            double[] row = w[j];
            for (int k = 0; k < row.length; k++) {
                double gk = g[k];
                row[k] = shrink * row[k] - eta * gk;                    // the step
                squares[k] += gk * gk;
            }
            if (b != null) {
                b[j] -= eta * biasGradient;                             // BP3 and the step
            }
        }
    }

    /**
     * BP4 and BP3 of one example, added to the mini-batch's sums, as {@code Gradients.mean}
     * adds up each example's gradient: Σ ∂C_x/∂w_jk += δ_j a_k and Σ ∂C_x/∂b_j += δ_j (the first
     * example sets them). A product, then a sum, each rounded, as the readable matrices do.
     */
    static void addExample(double[][] sumW, double[] sumB, double[] aPrevious, double[] delta,
                           boolean first) {
        for (int j = 0; j < delta.length; j++) {
            double d = delta[j];
            double[] row = sumW[j];
            if (first) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = d * aPrevious[k];
                }
            } else {
                for (int k = 0; k < row.length; k++) {
                    row[k] += d * aPrevious[k];
                }
            }
            if (sumB != null) {
                sumB[j] = first ? d : sumB[j] + d;
            }
        }
    }

    /**
     * The step from the sums of m examples' gradients, as {@code Gradients.mean} and
     * {@code Sgd.step} take it: ∂C/∂w = Σ · (1/m), then w ← shrink · w − η ∂C/∂w (the biases
     * alike); the squares of ∂C/∂w into {@code squares} (cleared first).
     */
    static void stepFromSums(double[][] w, double[] b, double[][] sumW, double[] sumB, int m,
                             double eta, double shrink, double[] squares) {
        Arrays.fill(squares, 0.0);
        double perExample = 1.0 / m;
        for (int j = 0; j < w.length; j++) {
            double[] row = w[j];
            double[] sum = sumW[j];
            for (int k = 0; k < row.length; k++) {
                double gk = sum[k] * perExample;
                row[k] = shrink * row[k] - eta * gk;
                squares[k] += gk * gk;
            }
            if (b != null) {
                b[j] -= eta * (sumB[j] * perExample);
            }
        }
    }
}
