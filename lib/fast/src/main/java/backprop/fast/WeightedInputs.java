package backprop.fast;

/**
 * z = w a + b on plain arrays: {@code Layer.weightedInput}, for rows j0 … j1−1 of w and examples
 * e0 … e1−1 (one per row of {@code in} and {@code out}). Each entry is the dot product of a weight
 * row and an example, summed over k in order and the bias added after, as {@code Matrix.times}
 * and {@code plusColumn} do, so the bits are the same.
 *
 * <p>Four rows and two examples go along together: eight independent running sums share each
 * load, and the CPU overlaps their additions (a single sum would wait for each addition to finish
 * before the next; HotSpot does not vectorise a sum).
 */
final class WeightedInputs {

    private WeightedInputs() {
    }

    static void compute(double[][] w, double[] b, double[][] in, double[][] out,
                        int e0, int e1, int j0, int j1) {
        int e = e0;
        for (; e + 1 < e1; e += 2) {
            int j = j0;
            for (; j + 3 < j1; j += 4) {
                fourRowsTwoExamples(w, b, in, out, e, j);
            }
            for (; j < j1; j++) {
                out[e][j] = plusBias(dot(w[j], in[e]), b, j);
                out[e + 1][j] = plusBias(dot(w[j], in[e + 1]), b, j);
            }
        }
        for (; e < e1; e++) {
            for (int j = j0; j < j1; j++) {
                out[e][j] = plusBias(dot(w[j], in[e]), b, j);
            }
        }
    }

    private static void fourRowsTwoExamples(double[][] w, double[] b, double[][] in,
                                            double[][] out, int e, int j) {
        double[] x0 = in[e];
        double[] x1 = in[e + 1];
        double[] w0 = w[j];
        double[] w1 = w[j + 1];
        double[] w2 = w[j + 2];
        double[] w3 = w[j + 3];
        double s00 = 0, s10 = 0, s20 = 0, s30 = 0; // s_je: row j, example e
        double s01 = 0, s11 = 0, s21 = 0, s31 = 0;
        for (int k = 0; k < w0.length; k++) {
            double p = x0[k];
            double q = x1[k];
            s00 += w0[k] * p;
            s10 += w1[k] * p;
            s20 += w2[k] * p;
            s30 += w3[k] * p;
            s01 += w0[k] * q;
            s11 += w1[k] * q;
            s21 += w2[k] * q;
            s31 += w3[k] * q;
        }
        out[e][j] = plusBias(s00, b, j);
        out[e][j + 1] = plusBias(s10, b, j + 1);
        out[e][j + 2] = plusBias(s20, b, j + 2);
        out[e][j + 3] = plusBias(s30, b, j + 3);
        out[e + 1][j] = plusBias(s01, b, j);
        out[e + 1][j + 1] = plusBias(s11, b, j + 1);
        out[e + 1][j + 2] = plusBias(s21, b, j + 2);
        out[e + 1][j + 3] = plusBias(s31, b, j + 3);
    }

    /** u · v, summed over k in order. */
    static double dot(double[] u, double[] v) {
        double s = 0;
        for (int k = 0; k < u.length; k++) {
            s += u[k] * v[k];
        }
        return s;
    }

    /** wa + b, the bias added after the sum. */
    static double plusBias(double wa, double[] b, int j) {
        return b == null ? wa : wa + b[j];
    }
}
