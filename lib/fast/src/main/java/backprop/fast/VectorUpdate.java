package backprop.fast;

import jdk.incubator.vector.DoubleVector;

import static backprop.fast.VectorWeightedInputs.LANES;
import static backprop.fast.VectorWeightedInputs.SPECIES;

/**
 * BP3, BP4 and the step with the JDK's Vector API: {@link Update#step} (and so the readable
 * {@code Network.backprop} and {@code Sgd.step}), with two rows of ∂C/∂w built together, four
 * examples at a time, and fused multiply-adds. Used only where {@link VectorApi} says the JVM
 * has the API.
 */
final class VectorUpdate {

    private VectorUpdate() {
    }

    /**
     * BP3, BP4 and the step for rows r0 … r1−1 of one layer, as {@link Update#step}: two rows
     * of ∂C/∂w are built together (scratch rows g and h), so each load of an example's a serves
     * both, four examples at a time. The first four (padded with shares of zero when m is not a
     * multiple of four) start g and h; the last four are added in as the step is taken; so g and
     * h go through memory only between the others.
     */
    static void step(double[][] w, double[] b, double[][] aPrevious, double[][] delta, int m,
                     int r0, int r1, double eta, double shrink, double[] g, double[] h,
                     double[] squares) {
        double perExample = 1.0 / m;
        java.util.Arrays.fill(squares, 0.0);
        int bound = SPECIES.loopBound(g.length);
        int first = m - 4 * ((m - 1) / 4);                 // examples in the first block: 1 … 4
        int j = r0;
        for (; j + 1 < r1; j += 2) {
            double biasJ = 0;
            double biasH = 0;
            for (int e = 0; e < m; ) {
                int size = e == 0 ? first : 4;
                double[] a0 = aPrevious[e];                // a missing example: a0 with a share of 0
                double[] a1 = size > 1 ? aPrevious[e + 1] : a0;
                double[] a2 = size > 2 ? aPrevious[e + 2] : a0;
                double[] a3 = size > 3 ? aPrevious[e + 3] : a0;
                double c0 = delta[e][j] * perExample;      // c: row j's shares, d: row j+1's
                double d0 = delta[e][j + 1] * perExample;
                double c1 = size > 1 ? delta[e + 1][j] * perExample : 0;
                double d1 = size > 1 ? delta[e + 1][j + 1] * perExample : 0;
                double c2 = size > 2 ? delta[e + 2][j] * perExample : 0;
                double d2 = size > 2 ? delta[e + 2][j + 1] * perExample : 0;
                double c3 = size > 3 ? delta[e + 3][j] * perExample : 0;
                double d3 = size > 3 ? delta[e + 3][j + 1] * perExample : 0;
                biasJ += c0 + c1 + c2 + c3;
                biasH += d0 + d1 + d2 + d3;
                boolean add = e > 0;
                e += size;
                if (e < m) {
                    addFour(g, h, add, a0, a1, a2, a3, c0, c1, c2, c3, d0, d1, d2, d3, bound);
                } else {
                    addFourAndStep(w[j], w[j + 1], g, h, add, a0, a1, a2, a3, c0, c1, c2, c3,
                            d0, d1, d2, d3, eta, shrink, squares, bound);
                }
            }
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

    /** g += Σ_i c_i a_i and h += Σ_i d_i a_i over four examples; from zero unless {@code add}. */
    private static void addFour(double[] g, double[] h, boolean add,
                                double[] a0, double[] a1, double[] a2, double[] a3,
                                double c0, double c1, double c2, double c3,
                                double d0, double d1, double d2, double d3, int bound) {
        DoubleVector vc0 = DoubleVector.broadcast(SPECIES, c0), vc1 = DoubleVector.broadcast(SPECIES, c1);
        DoubleVector vc2 = DoubleVector.broadcast(SPECIES, c2), vc3 = DoubleVector.broadcast(SPECIES, c3);
        DoubleVector vd0 = DoubleVector.broadcast(SPECIES, d0), vd1 = DoubleVector.broadcast(SPECIES, d1);
        DoubleVector vd2 = DoubleVector.broadcast(SPECIES, d2), vd3 = DoubleVector.broadcast(SPECIES, d3);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int k = 0;
        for (; k < bound; k += LANES) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, a0, k);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, a1, k);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, a2, k);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, a3, k);
            DoubleVector gv = add ? DoubleVector.fromArray(SPECIES, g, k) : zero;
            DoubleVector hv = add ? DoubleVector.fromArray(SPECIES, h, k) : zero;
            v3.fma(vc3, v2.fma(vc2, v1.fma(vc1, v0.fma(vc0, gv)))).intoArray(g, k);
            v3.fma(vd3, v2.fma(vd2, v1.fma(vd1, v0.fma(vd0, hv)))).intoArray(h, k);
        }
        for (; k < g.length; k++) {
            double gk = add ? g[k] : 0;
            double hk = add ? h[k] : 0;
            g[k] = Math.fma(a3[k], c3, Math.fma(a2[k], c2, Math.fma(a1[k], c1, Math.fma(a0[k], c0, gk))));
            h[k] = Math.fma(a3[k], d3, Math.fma(a2[k], d2, Math.fma(a1[k], d1, Math.fma(a0[k], d0, hk))));
        }
    }

    /**
     * The last four examples added to g and h (from zero unless {@code add}) as rows w0 and w1
     * take their step, w ← shrink · w − η g, with the squares of g and h into {@code squares}:
     * the finished g and h are never stored.
     */
    private static void addFourAndStep(double[] w0, double[] w1, double[] g, double[] h, boolean add,
                                       double[] a0, double[] a1, double[] a2, double[] a3,
                                       double c0, double c1, double c2, double c3,
                                       double d0, double d1, double d2, double d3,
                                       double eta, double shrink, double[] squares, int bound) {
        DoubleVector vc0 = DoubleVector.broadcast(SPECIES, c0), vc1 = DoubleVector.broadcast(SPECIES, c1);
        DoubleVector vc2 = DoubleVector.broadcast(SPECIES, c2), vc3 = DoubleVector.broadcast(SPECIES, c3);
        DoubleVector vd0 = DoubleVector.broadcast(SPECIES, d0), vd1 = DoubleVector.broadcast(SPECIES, d1);
        DoubleVector vd2 = DoubleVector.broadcast(SPECIES, d2), vd3 = DoubleVector.broadcast(SPECIES, d3);
        DoubleVector minusEta = DoubleVector.broadcast(SPECIES, -eta);
        DoubleVector zero = DoubleVector.zero(SPECIES);
        int k = 0;
        for (; k < bound; k += LANES) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, a0, k);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, a1, k);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, a2, k);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, a3, k);
            DoubleVector gv = add ? DoubleVector.fromArray(SPECIES, g, k) : zero;
            DoubleVector hv = add ? DoubleVector.fromArray(SPECIES, h, k) : zero;
            gv = v3.fma(vc3, v2.fma(vc2, v1.fma(vc1, v0.fma(vc0, gv))));
            hv = v3.fma(vd3, v2.fma(vd2, v1.fma(vd1, v0.fma(vd0, hv))));
            gv.fma(minusEta, DoubleVector.fromArray(SPECIES, w0, k).mul(shrink)).intoArray(w0, k);
            hv.fma(minusEta, DoubleVector.fromArray(SPECIES, w1, k).mul(shrink)).intoArray(w1, k);
            hv.fma(hv, gv.fma(gv, DoubleVector.fromArray(SPECIES, squares, k))).intoArray(squares, k);
        }
        for (; k < g.length; k++) {
            double gk = add ? g[k] : 0;
            double hk = add ? h[k] : 0;
            gk = Math.fma(a3[k], c3, Math.fma(a2[k], c2, Math.fma(a1[k], c1, Math.fma(a0[k], c0, gk))));
            hk = Math.fma(a3[k], d3, Math.fma(a2[k], d2, Math.fma(a1[k], d1, Math.fma(a0[k], d0, hk))));
            w0[k] = Math.fma(gk, -eta, shrink * w0[k]);
            w1[k] = Math.fma(hk, -eta, shrink * w1[k]);
            squares[k] = Math.fma(hk, hk, Math.fma(gk, gk, squares[k]));
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
