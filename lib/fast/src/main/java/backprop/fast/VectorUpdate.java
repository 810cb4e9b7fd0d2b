package backprop.fast;

import jdk.incubator.vector.DoubleVector;

import static backprop.fast.VectorWeightedInputs.LANES;
import static backprop.fast.VectorWeightedInputs.SPECIES;

/**
 * BP3, BP4 and the step with the JDK's Vector API: {@link Update#step} (and so the readable
 * {@code Network.backprop} and {@code Sgd.step}), with two rows of ∂C/∂w built together and
 * fused multiply-adds. Used only where {@link VectorApi} says the JVM has the API.
 */
final class VectorUpdate {

    private VectorUpdate() {
    }

    /**
     * BP3, BP4 and the step for rows r0 … r1−1 of one layer, as {@link Update#step}: two rows
     * of ∂C/∂w are built together (scratch rows g and h), so each load of an example's a serves
     * both, and four examples go into them per pass.
     */
    static void step(double[][] w, double[] b, double[][] aPrevious, double[][] delta, int m,
                     int r0, int r1, double eta, double shrink, double[] g, double[] h,
                     double[] squares) {
        double perExample = 1.0 / m;
        java.util.Arrays.fill(squares, 0.0);
        int bound = SPECIES.loopBound(g.length);
        int j = r0;
        for (; j + 1 < r1; j += 2) {
            // BP4, rows j and j+1: ∂C/∂w_jk = (1/m) Σ_e δ_ej a_ek
            double[] a0 = aPrevious[0];
            double cj = delta[0][j] * perExample;
            double ch = delta[0][j + 1] * perExample;
            DoubleVector c0 = DoubleVector.broadcast(SPECIES, cj);
            DoubleVector d0 = DoubleVector.broadcast(SPECIES, ch);
            int k = 0;
            for (; k < bound; k += LANES) {
                DoubleVector a = DoubleVector.fromArray(SPECIES, a0, k);
                a.mul(c0).intoArray(g, k);
                a.mul(d0).intoArray(h, k);
            }
            for (; k < g.length; k++) {
                g[k] = cj * a0[k];
                h[k] = ch * a0[k];
            }
            double biasJ = cj;
            double biasH = ch;
            int e = 1;
            for (; e + 3 < m; e += 4) {
                double[] a1 = aPrevious[e];
                double[] a2 = aPrevious[e + 1];
                double[] a3 = aPrevious[e + 2];
                double[] a4 = aPrevious[e + 3];
                double c1 = delta[e][j] * perExample, c2 = delta[e + 1][j] * perExample;
                double c3 = delta[e + 2][j] * perExample, c4 = delta[e + 3][j] * perExample;
                double d1 = delta[e][j + 1] * perExample, d2 = delta[e + 1][j + 1] * perExample;
                double d3 = delta[e + 2][j + 1] * perExample, d4 = delta[e + 3][j + 1] * perExample;
                DoubleVector vc1 = DoubleVector.broadcast(SPECIES, c1), vc2 = DoubleVector.broadcast(SPECIES, c2);
                DoubleVector vc3 = DoubleVector.broadcast(SPECIES, c3), vc4 = DoubleVector.broadcast(SPECIES, c4);
                DoubleVector vd1 = DoubleVector.broadcast(SPECIES, d1), vd2 = DoubleVector.broadcast(SPECIES, d2);
                DoubleVector vd3 = DoubleVector.broadcast(SPECIES, d3), vd4 = DoubleVector.broadcast(SPECIES, d4);
                for (k = 0; k < bound; k += LANES) {
                    DoubleVector v1 = DoubleVector.fromArray(SPECIES, a1, k);
                    DoubleVector v2 = DoubleVector.fromArray(SPECIES, a2, k);
                    DoubleVector v3 = DoubleVector.fromArray(SPECIES, a3, k);
                    DoubleVector v4 = DoubleVector.fromArray(SPECIES, a4, k);
                    DoubleVector gv = DoubleVector.fromArray(SPECIES, g, k);
                    DoubleVector hv = DoubleVector.fromArray(SPECIES, h, k);
                    v4.fma(vc4, v3.fma(vc3, v2.fma(vc2, v1.fma(vc1, gv)))).intoArray(g, k);
                    v4.fma(vd4, v3.fma(vd3, v2.fma(vd2, v1.fma(vd1, hv)))).intoArray(h, k);
                }
                for (; k < g.length; k++) {
                    g[k] = Math.fma(a4[k], c4, Math.fma(a3[k], c3, Math.fma(a2[k], c2, Math.fma(a1[k], c1, g[k]))));
                    h[k] = Math.fma(a4[k], d4, Math.fma(a3[k], d3, Math.fma(a2[k], d2, Math.fma(a1[k], d1, h[k]))));
                }
                biasJ += c1;
                biasJ += c2;
                biasJ += c3;
                biasJ += c4;
                biasH += d1;
                biasH += d2;
                biasH += d3;
                biasH += d4;
            }
            for (; e < m; e++) {
                double[] a1 = aPrevious[e];
                double c1 = delta[e][j] * perExample;
                double d1 = delta[e][j + 1] * perExample;
                DoubleVector vc1 = DoubleVector.broadcast(SPECIES, c1);
                DoubleVector vd1 = DoubleVector.broadcast(SPECIES, d1);
                for (k = 0; k < bound; k += LANES) {
                    DoubleVector v1 = DoubleVector.fromArray(SPECIES, a1, k);
                    v1.fma(vc1, DoubleVector.fromArray(SPECIES, g, k)).intoArray(g, k);
                    v1.fma(vd1, DoubleVector.fromArray(SPECIES, h, k)).intoArray(h, k);
                }
                for (; k < g.length; k++) {
                    g[k] = Math.fma(a1[k], c1, g[k]);
                    h[k] = Math.fma(a1[k], d1, h[k]);
                }
                biasJ += c1;
                biasH += d1;
            }
            stepRow(w[j], g, eta, shrink, squares, bound);
            stepRow(w[j + 1], h, eta, shrink, squares, bound);
            // BP3 and the step for the biases
            if (b != null) {
                b[j] -= eta * biasJ;
                b[j + 1] -= eta * biasH;
            }
        }
        if (j < r1) { // an odd row left
            double[] a0 = aPrevious[0];
            double cj = delta[0][j] * perExample;
            DoubleVector c0 = DoubleVector.broadcast(SPECIES, cj);
            int k = 0;
            for (; k < bound; k += LANES) {
                DoubleVector.fromArray(SPECIES, a0, k).mul(c0).intoArray(g, k);
            }
            for (; k < g.length; k++) {
                g[k] = cj * a0[k];
            }
            double biasJ = cj;
            for (int e = 1; e < m; e++) {
                double[] a1 = aPrevious[e];
                double c1 = delta[e][j] * perExample;
                DoubleVector vc1 = DoubleVector.broadcast(SPECIES, c1);
                for (k = 0; k < bound; k += LANES) {
                    DoubleVector.fromArray(SPECIES, a1, k).fma(vc1, DoubleVector.fromArray(SPECIES, g, k))
                            .intoArray(g, k);
                }
                for (; k < g.length; k++) {
                    g[k] = Math.fma(a1[k], c1, g[k]);
                }
                biasJ += c1;
            }
            stepRow(w[j], g, eta, shrink, squares, bound);
            if (b != null) {
                b[j] -= eta * biasJ;
            }
        }
    }

    /** w ← shrink · w − η g, and the squares of g added into {@code squares}. */
    private static void stepRow(double[] row, double[] g, double eta, double shrink,
                                double[] squares, int bound) {
        DoubleVector minusEta = DoubleVector.broadcast(SPECIES, -eta);
        int k = 0;
        for (; k < bound; k += LANES) {
            DoubleVector gv = DoubleVector.fromArray(SPECIES, g, k);
            DoubleVector wv = DoubleVector.fromArray(SPECIES, row, k).mul(shrink);
            gv.fma(minusEta, wv).intoArray(row, k);
            gv.fma(gv, DoubleVector.fromArray(SPECIES, squares, k)).intoArray(squares, k);
        }
        for (; k < row.length; k++) {
            double gk = g[k];
            row[k] = Math.fma(gk, -eta, shrink * row[k]);
            squares[k] = Math.fma(gk, gk, squares[k]);
        }
    }

    /** {@link Update#addExample} with vector registers: the same products and sums, so the same bits. */
    static void addExample(double[][] sumW, double[] sumB, double[] aPrevious, double[] delta,
                           boolean first) {
        int bound = SPECIES.loopBound(aPrevious.length);
        for (int j = 0; j < delta.length; j++) {
            double d = delta[j];
            double[] row = sumW[j];
            DoubleVector dv = DoubleVector.broadcast(SPECIES, d);
            int k = 0;
            if (first) {
                for (; k < bound; k += LANES) {
                    DoubleVector.fromArray(SPECIES, aPrevious, k).mul(dv).intoArray(row, k);
                }
                for (; k < row.length; k++) {
                    row[k] = d * aPrevious[k];
                }
            } else {
                for (; k < bound; k += LANES) {
                    DoubleVector product = DoubleVector.fromArray(SPECIES, aPrevious, k).mul(dv);
                    DoubleVector.fromArray(SPECIES, row, k).add(product).intoArray(row, k);
                }
                for (; k < row.length; k++) {
                    row[k] += d * aPrevious[k];
                }
            }
            if (sumB != null) {
                sumB[j] = first ? d : sumB[j] + d;
            }
        }
    }

    /** {@link Update#stepFromSums} with vector registers: the same operations, so the same bits. */
    static void stepFromSums(double[][] w, double[] b, double[][] sumW, double[] sumB, int m,
                             double eta, double shrink, double[] squares) {
        java.util.Arrays.fill(squares, 0.0);
        double perExample = 1.0 / m;
        int bound = SPECIES.loopBound(squares.length);
        for (int j = 0; j < w.length; j++) {
            double[] row = w[j];
            double[] sum = sumW[j];
            int k = 0;
            for (; k < bound; k += LANES) {
                DoubleVector g = DoubleVector.fromArray(SPECIES, sum, k).mul(perExample);
                DoubleVector.fromArray(SPECIES, row, k).mul(shrink).sub(g.mul(eta)).intoArray(row, k);
                DoubleVector.fromArray(SPECIES, squares, k).add(g.mul(g)).intoArray(squares, k);
            }
            for (; k < row.length; k++) {
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
