package backprop.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * z = w a + b with the JDK's Vector API: {@link WeightedInputs#compute}, with explicit vector
 * registers and fused multiply-adds, about twice as fast (HotSpot never vectorises the sums of a
 * dot product on its own). Java 17 ships the Vector API as an incubator module, there only when
 * the JVM starts with {@code --add-modules jdk.incubator.vector}; {@link VectorApi} checks before
 * this class is used. Against the plain kernel the order of additions differs, so the two agree
 * to rounding (FastSgdTest holds training to 1e-12).
 */
final class VectorWeightedInputs {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    /** Doubles per vector: 4 with AVX2, 8 with AVX-512. */
    static final int LANES = SPECIES.length();

    private VectorWeightedInputs() {
    }

    /**
     * z_e = w a_e + b, rows j0 … j1−1, for examples e0 … e1−1, as {@link WeightedInputs#compute}.
     * Mostly three rows and four examples at a time: each of the twelve dot products is kept as a
     * vector of partial sums, and each step loads 3 slices of weights and 4 of examples for 12
     * fused multiply-adds. The weights are the big operand (30 × 784 doubles in the first layer,
     * too many for the fastest cache), so what counts is how often they are read: once per four
     * examples here. The examples left over (fewer than four) go two at a time, four rows by two
     * examples, then one at a time, four rows at once. {@code lanes} is scratch of length {@link #LANES}.
     *
     * <p>Every entry is summed in the same order whichever block computes it (lane by lane over
     * k, then the lanes in order, then the last k one by one), so the blocking changes the speed
     * and never the bits: each entry equals {@code dot(w[j], in[e]) + b[j]}.
     */
    static void compute(double[][] w, double[] b, double[][] in, double[][] out,
                        int e0, int e1, int j0, int j1, double[] lanes) {
        // Each block is its own small method: the JIT then keeps every vector in a register
        // (one large method made it give up and allocate its vectors, 9 KB per mini-batch).
        int e = e0;
        for (; e + 3 < e1; e += 4) {
            int j = j0;
            for (; j + 2 < j1; j += 3) {
                threeRowsFourExamples(w, b, in, out, e, j, lanes);
            }
            for (; j < j1; j++) { // the last one or two rows
                oneRowFourExamples(w, b, in, out, e, j, lanes);
            }
        }
        for (; e + 1 < e1; e += 2) { // fewer than four examples left: two at a time, then one
            int j = j0;
            for (; j + 3 < j1; j += 4) {
                fourRowsTwoExamples(w, b, in, out, e, j, lanes);
            }
            for (; j < j1; j++) {
                oneRowTwoExamples(w, b, in, out, e, j, lanes);
            }
        }
        for (; e < e1; e++) { // then one at a time: four rows, then one
            int j = j0;
            for (; j + 3 < j1; j += 4) {
                fourRowsOneExample(w, b, in, out, e, j, lanes);
            }
            for (; j < j1; j++) {
                out[e][j] = plusBias(dot(w[j], in[e], lanes), b, j);
            }
        }
    }

    /** Rows j … j+3 for example e: four vector sums at once, where one alone would wait on each sum. */
    private static void fourRowsOneExample(double[][] w, double[] b, double[][] in, double[][] out,
            int e, int j, double[] lanes) {
        double[] x = in[e];
        double[] w0 = w[j];
        double[] w1 = w[j + 1];
        double[] w2 = w[j + 2];
        double[] w3 = w[j + 3];
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0, s2 = s0, s3 = s0;
        int k = 0;
        int bound = SPECIES.loopBound(x.length);
        for (; k < bound; k += LANES) {
            DoubleVector p = DoubleVector.fromArray(SPECIES, x, k);
            s0 = DoubleVector.fromArray(SPECIES, w0, k).fma(p, s0);
            s1 = DoubleVector.fromArray(SPECIES, w1, k).fma(p, s1);
            s2 = DoubleVector.fromArray(SPECIES, w2, k).fma(p, s2);
            s3 = DoubleVector.fromArray(SPECIES, w3, k).fma(p, s3);
        }
        double t0 = sum(s0, lanes), t1 = sum(s1, lanes), t2 = sum(s2, lanes), t3 = sum(s3, lanes);
        for (; k < x.length; k++) {
            t0 += w0[k] * x[k];
            t1 += w1[k] * x[k];
            t2 += w2[k] * x[k];
            t3 += w3[k] * x[k];
        }
        out[e][j] = plusBias(t0, b, j);
        out[e][j + 1] = plusBias(t1, b, j + 1);
        out[e][j + 2] = plusBias(t2, b, j + 2);
        out[e][j + 3] = plusBias(t3, b, j + 3);
    }

    /** Rows j … j+2 for examples e … e+3: twelve vector sums, 3 + 4 loads per 12 fused multiply-adds. */
    private static void threeRowsFourExamples(double[][] w, double[] b, double[][] in, double[][] out,
            int e, int j, double[] lanes) {
        double[] x0 = in[e];
        double[] x1 = in[e + 1];
        double[] x2 = in[e + 2];
        double[] x3 = in[e + 3];
        double[] w0 = w[j];
        double[] w1 = w[j + 1];
        double[] w2 = w[j + 2];
        DoubleVector s00 = DoubleVector.zero(SPECIES); // s_je: row j, example e
        DoubleVector s10 = s00, s20 = s00, s01 = s00, s11 = s00, s21 = s00;
        DoubleVector s02 = s00, s12 = s00, s22 = s00, s03 = s00, s13 = s00, s23 = s00;
        int k = 0;
        int bound = SPECIES.loopBound(w0.length);
        for (; k < bound; k += LANES) {
            DoubleVector u0 = DoubleVector.fromArray(SPECIES, w0, k);
            DoubleVector u1 = DoubleVector.fromArray(SPECIES, w1, k);
            DoubleVector u2 = DoubleVector.fromArray(SPECIES, w2, k);
            DoubleVector p = DoubleVector.fromArray(SPECIES, x0, k);
            s00 = u0.fma(p, s00);
            s10 = u1.fma(p, s10);
            s20 = u2.fma(p, s20);
            p = DoubleVector.fromArray(SPECIES, x1, k);
            s01 = u0.fma(p, s01);
            s11 = u1.fma(p, s11);
            s21 = u2.fma(p, s21);
            p = DoubleVector.fromArray(SPECIES, x2, k);
            s02 = u0.fma(p, s02);
            s12 = u1.fma(p, s12);
            s22 = u2.fma(p, s22);
            p = DoubleVector.fromArray(SPECIES, x3, k);
            s03 = u0.fma(p, s03);
            s13 = u1.fma(p, s13);
            s23 = u2.fma(p, s23);
        }
        double t00 = sum(s00, lanes), t10 = sum(s10, lanes), t20 = sum(s20, lanes);
        double t01 = sum(s01, lanes), t11 = sum(s11, lanes), t21 = sum(s21, lanes);
        double t02 = sum(s02, lanes), t12 = sum(s12, lanes), t22 = sum(s22, lanes);
        double t03 = sum(s03, lanes), t13 = sum(s13, lanes), t23 = sum(s23, lanes);
        for (; k < w0.length; k++) {
            t00 += w0[k] * x0[k];
            t10 += w1[k] * x0[k];
            t20 += w2[k] * x0[k];
            t01 += w0[k] * x1[k];
            t11 += w1[k] * x1[k];
            t21 += w2[k] * x1[k];
            t02 += w0[k] * x2[k];
            t12 += w1[k] * x2[k];
            t22 += w2[k] * x2[k];
            t03 += w0[k] * x3[k];
            t13 += w1[k] * x3[k];
            t23 += w2[k] * x3[k];
        }
        out[e][j] = plusBias(t00, b, j);
        out[e][j + 1] = plusBias(t10, b, j + 1);
        out[e][j + 2] = plusBias(t20, b, j + 2);
        out[e + 1][j] = plusBias(t01, b, j);
        out[e + 1][j + 1] = plusBias(t11, b, j + 1);
        out[e + 1][j + 2] = plusBias(t21, b, j + 2);
        out[e + 2][j] = plusBias(t02, b, j);
        out[e + 2][j + 1] = plusBias(t12, b, j + 1);
        out[e + 2][j + 2] = plusBias(t22, b, j + 2);
        out[e + 3][j] = plusBias(t03, b, j);
        out[e + 3][j + 1] = plusBias(t13, b, j + 1);
        out[e + 3][j + 2] = plusBias(t23, b, j + 2);
    }

    /** Row j for examples e … e+3. */
    private static void oneRowFourExamples(double[][] w, double[] b, double[][] in, double[][] out,
            int e, int j, double[] lanes) {
        double[] x0 = in[e];
        double[] x1 = in[e + 1];
        double[] x2 = in[e + 2];
        double[] x3 = in[e + 3];
        double[] w0 = w[j];
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0, s2 = s0, s3 = s0;
        int k = 0;
        int bound = SPECIES.loopBound(w0.length);
        for (; k < bound; k += LANES) {
            DoubleVector u = DoubleVector.fromArray(SPECIES, w0, k);
            s0 = u.fma(DoubleVector.fromArray(SPECIES, x0, k), s0);
            s1 = u.fma(DoubleVector.fromArray(SPECIES, x1, k), s1);
            s2 = u.fma(DoubleVector.fromArray(SPECIES, x2, k), s2);
            s3 = u.fma(DoubleVector.fromArray(SPECIES, x3, k), s3);
        }
        double t0 = sum(s0, lanes), t1 = sum(s1, lanes), t2 = sum(s2, lanes), t3 = sum(s3, lanes);
        for (; k < w0.length; k++) {
            t0 += w0[k] * x0[k];
            t1 += w0[k] * x1[k];
            t2 += w0[k] * x2[k];
            t3 += w0[k] * x3[k];
        }
        out[e][j] = plusBias(t0, b, j);
        out[e + 1][j] = plusBias(t1, b, j);
        out[e + 2][j] = plusBias(t2, b, j);
        out[e + 3][j] = plusBias(t3, b, j);
    }

    /** Rows j … j+3 for examples e and e+1: eight vector sums, 4 + 2 loads per 8 fused multiply-adds. */
    private static void fourRowsTwoExamples(double[][] w, double[] b, double[][] in, double[][] out,
            int e, int j, double[] lanes) {
        double[] x0 = in[e];
        double[] x1 = in[e + 1];
        double[] w0 = w[j];
        double[] w1 = w[j + 1];
        double[] w2 = w[j + 2];
        double[] w3 = w[j + 3];
        DoubleVector s00 = DoubleVector.zero(SPECIES);
        DoubleVector s10 = s00, s20 = s00, s30 = s00, s01 = s00, s11 = s00, s21 = s00, s31 = s00;
        int k = 0;
        int bound = SPECIES.loopBound(w0.length);
        for (; k < bound; k += LANES) {
            DoubleVector p = DoubleVector.fromArray(SPECIES, x0, k);
            DoubleVector q = DoubleVector.fromArray(SPECIES, x1, k);
            DoubleVector u0 = DoubleVector.fromArray(SPECIES, w0, k);
            DoubleVector u1 = DoubleVector.fromArray(SPECIES, w1, k);
            DoubleVector u2 = DoubleVector.fromArray(SPECIES, w2, k);
            DoubleVector u3 = DoubleVector.fromArray(SPECIES, w3, k);
            s00 = u0.fma(p, s00);
            s10 = u1.fma(p, s10);
            s20 = u2.fma(p, s20);
            s30 = u3.fma(p, s30);
            s01 = u0.fma(q, s01);
            s11 = u1.fma(q, s11);
            s21 = u2.fma(q, s21);
            s31 = u3.fma(q, s31);
        }
        double t00 = sum(s00, lanes), t10 = sum(s10, lanes), t20 = sum(s20, lanes), t30 = sum(s30, lanes);
        double t01 = sum(s01, lanes), t11 = sum(s11, lanes), t21 = sum(s21, lanes), t31 = sum(s31, lanes);
        for (; k < w0.length; k++) {
            t00 += w0[k] * x0[k];
            t10 += w1[k] * x0[k];
            t20 += w2[k] * x0[k];
            t30 += w3[k] * x0[k];
            t01 += w0[k] * x1[k];
            t11 += w1[k] * x1[k];
            t21 += w2[k] * x1[k];
            t31 += w3[k] * x1[k];
        }
        out[e][j] = plusBias(t00, b, j);
        out[e][j + 1] = plusBias(t10, b, j + 1);
        out[e][j + 2] = plusBias(t20, b, j + 2);
        out[e][j + 3] = plusBias(t30, b, j + 3);
        out[e + 1][j] = plusBias(t01, b, j);
        out[e + 1][j + 1] = plusBias(t11, b, j + 1);
        out[e + 1][j + 2] = plusBias(t21, b, j + 2);
        out[e + 1][j + 3] = plusBias(t31, b, j + 3);
    }

    /** Row j for examples e and e+1. */
    private static void oneRowTwoExamples(double[][] w, double[] b, double[][] in, double[][] out,
            int e, int j, double[] lanes) {
        double[] x0 = in[e];
        double[] x1 = in[e + 1];
        double[] w0 = w[j];
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        int k = 0;
        int bound = SPECIES.loopBound(w0.length);
        for (; k < bound; k += LANES) {
            DoubleVector u = DoubleVector.fromArray(SPECIES, w0, k);
            s0 = u.fma(DoubleVector.fromArray(SPECIES, x0, k), s0);
            s1 = u.fma(DoubleVector.fromArray(SPECIES, x1, k), s1);
        }
        double t0 = sum(s0, lanes);
        double t1 = sum(s1, lanes);
        for (; k < w0.length; k++) {
            t0 += w0[k] * x0[k];
            t1 += w0[k] * x1[k];
        }
        out[e][j] = plusBias(t0, b, j);
        out[e + 1][j] = plusBias(t1, b, j);
    }

    /** u · v: lane by lane over k, then the lanes in order, then the last k one by one. */
    static double dot(double[] u, double[] v, double[] lanes) {
        DoubleVector s = DoubleVector.zero(SPECIES);
        int k = 0;
        int bound = SPECIES.loopBound(u.length);
        for (; k < bound; k += LANES) {
            s = DoubleVector.fromArray(SPECIES, u, k).fma(DoubleVector.fromArray(SPECIES, v, k), s);
        }
        double t = sum(s, lanes);
        for (; k < u.length; k++) {
            t += u[k] * v[k];
        }
        return t;
    }

    /** The lanes of v added up from the first to the last: a fixed order, so the same bits each run. */
    static double sum(DoubleVector v, double[] lanes) {
        v.intoArray(lanes, 0);
        double s = 0;
        for (int i = 0; i < LANES; i++) {
            s += lanes[i];
        }
        return s;
    }

    static double plusBias(double wa, double[] b, int j) {
        return b == null ? wa : wa + b[j];
    }

}
