package backprop.fast;

import backprop.Cost;

import java.util.Arrays;

/**
 * One of the two parts of each {@link Phase} of a mini-batch: half of the rows of a layer in
 * {@link Phase#FIRST_LAYER} and {@link Phase#UPDATE}, half of the examples in
 * {@link Phase#FORWARD_AND_BACK}. A part of w^1 is read in the first phase and written in the
 * last by the same part, so on two threads it stays in one core's cache. A part's result does not
 * depend on the thread that runs it, so one thread and two give the same weights to the bit.
 */
final class Part {

    /** Parts per phase: one per thread at most. */
    static final int PARTS = 2;

    /** Doubles in a vector register at most (8 with AVX-512): the size of the scratch lanes. */
    static final int LANES_AT_MOST = 16;

    private final int p;
    private final Buffers buffers;
    private final Cost cost;
    private final double eta;
    private final double shrink;        // Sgd.shrink(n): 1 − ηλ/n
    private final boolean vector;       // the Vector API kernels rather than the plain ones

    private final double[] dCda;        // scratch: ∂C/∂a of one example in one layer
    private final double[][] g;         // g[l]: scratch, one row of ∂C/∂w^l
    private final double[][] h;         // h[l]: a second one, for VectorUpdate
    private final double[] lanes = new double[LANES_AT_MOST];
    final double[][] squares;           // squares[l][k]: Σ_j (∂C/∂w^l_jk)² over this part's rows

    Part(int p, Buffers buffers, Cost cost, double eta, double shrink, boolean vector) {
        this.p = p;
        this.buffers = buffers;
        this.cost = cost;
        this.eta = eta;
        this.shrink = shrink;
        this.vector = vector;
        int[] n = buffers.n;
        this.dCda = new double[Arrays.stream(n).max().orElse(1)];
        this.g = new double[buffers.depth + 1][];
        this.h = new double[buffers.depth + 1][];
        this.squares = new double[buffers.depth + 1][];
        for (int l = 1; l <= buffers.depth; l++) {
            g[l] = new double[n[l - 1]];
            h[l] = new double[n[l - 1]];
            squares[l] = new double[n[l - 1]];
        }
    }

    void run(Phase phase, int m) {
        switch (phase) {
            case FIRST_LAYER -> firstLayer(m);
            case FORWARD_AND_BACK -> forwardAndBack(m);
            case UPDATE -> update(m);
        }
    }

    /** z^1 = w^1 x + b^1 for this part's rows of w^1 and every example. */
    private void firstLayer(int m) {
        Buffers s = buffers;
        weightedInputs(1, 0, m, p * s.n[1] / PARTS, (p + 1) * s.n[1] / PARTS);
    }

    /** This part's examples through the rest of the forward pass, BP1 and BP2. */
    private void forwardAndBack(int m) {
        Buffers s = buffers;
        int e0 = p * m / PARTS;
        int e1 = (p + 1) * m / PARTS;
        int L = s.depth;
        for (int l = 1; l <= L; l++) {
            if (l > 1) {
                weightedInputs(l, e0, e1, 0, s.n[l]);                  // z^l = w^l a^(l−1) + b^l
            }
            for (int e = e0; e < e1; e++) {
                PerExample.activate(s.f[l], s.z[l][e], s.a[l][e]);     // a^l = f(z^l)
            }
        }
        for (int e = e0; e < e1; e++) {
            backward(e);
        }
    }

    /** BP1 and BP2 for example e, after its forward pass: its δ^l, its cost and whether it is right. */
    private void backward(int e) {
        Buffers s = buffers;
        int L = s.depth;
        s.exampleCost[e] = PerExample.outputError(cost, s.f[L], s.z[L][e], s.a[L][e], s.y[e],
                dCda, s.delta[L][e]);                                   // BP1
        s.exampleCorrect[e] = PerExample.correct(s.a[L][e], s.y[e]);
        for (int l = L - 1; l >= 1; l--) {
            PerExample.hiddenError(s.w[l + 1], s.delta[l + 1][e], s.f[l], s.z[l][e], s.a[l][e],
                    dCda, s.delta[l][e]);                               // BP2
        }
        s.firstBadLayer[e] = firstBadLayer(e);
    }

    /**
     * network.py's loop for a mini-batch of m, on one thread: each example forward and back
     * alone, its ∂C_x/∂w and ∂C_x/∂b added to the sums ({@link Update#addExample}); the step
     * from the sums comes after the check that they are finite ({@link #stepFromSums}).
     */
    void examplesOneByOne(int m) {
        Buffers s = buffers;
        int L = s.depth;
        for (int e = 0; e < m; e++) {
            for (int l = 1; l <= L; l++) {
                weightedInputs(l, e, e + 1, 0, s.n[l]);                // z^l = w^l a^(l−1) + b^l
                PerExample.activate(s.f[l], s.z[l][e], s.a[l][e]);     // a^l = f(z^l)
            }
            backward(e);                                                // BP1, BP2
            for (int l = 1; l <= L; l++) {                              // BP3, BP4: nabla += …
                if (vector) {
                    VectorUpdate.addExample(s.sumW[l], s.sumB[l], s.a[l - 1][e], s.delta[l][e], e == 0);
                } else {
                    Update.addExample(s.sumW[l], s.sumB[l], s.a[l - 1][e], s.delta[l][e], e == 0);
                }
            }
        }
    }

    /** The step of the per-example loop, from the sums of m examples' gradients, for every layer. */
    void stepFromSums(int m) {
        Buffers s = buffers;
        for (int l = 1; l <= s.depth; l++) {
            if (vector) {
                VectorUpdate.stepFromSums(s.w[l], s.b[l], s.sumW[l], s.sumB[l], m, eta, shrink, squares[l]);
            } else {
                Update.stepFromSums(s.w[l], s.b[l], s.sumW[l], s.sumB[l], m, eta, shrink, squares[l]);
            }
        }
    }

    /** BP3, BP4 and the step for this part's rows of every layer. */
    private void update(int m) {
        Buffers s = buffers;
        for (int l = 1; l <= s.depth; l++) {
            int r0 = p * s.n[l] / PARTS;
            int r1 = (p + 1) * s.n[l] / PARTS;
            if (vector) {
                VectorUpdate.step(s.w[l], s.b[l], s.a[l - 1], s.delta[l], m, r0, r1, eta, shrink,
                        g[l], h[l], squares[l]);
            } else {
                Update.step(s.w[l], s.b[l], s.a[l - 1], s.delta[l], m, r0, r1, eta, shrink,
                        g[l], squares[l]);
            }
        }
    }

    private void weightedInputs(int l, int e0, int e1, int j0, int j1) {
        Buffers s = buffers;
        if (vector) {
            VectorWeightedInputs.compute(s.w[l], s.b[l], s.a[l - 1], s.z[l], e0, e1, j0, j1, lanes);
        } else {
            WeightedInputs.compute(s.w[l], s.b[l], s.a[l - 1], s.z[l], e0, e1, j0, j1);
        }
    }

    /**
     * The first layer l whose δ^l or a^(l−1) is not finite for example e, or L + 1: the layer
     * whose gradient {@code Gradients.whyNotFinite} would name.
     */
    private int firstBadLayer(int e) {
        Buffers s = buffers;
        for (int l = 1; l <= s.depth; l++) {
            if (!PerExample.finite(s.delta[l][e]) || (l > 1 && !PerExample.finite(s.a[l - 1][e]))) {
                return l;
            }
        }
        return s.depth + 1;
    }
}
