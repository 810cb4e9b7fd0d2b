package backprop.fast;

import backprop.Activation;
import backprop.Matrix;
import backprop.Network;

/**
 * What {@link Engine} works on, made once for a training run: the network's weights as rows
 * ({@code w[l][j]} is row j of w^l), changed in place, and, for each example e of a mini-batch,
 * its z^l, a^l and δ^l, made for the largest mini-batch so that training allocates nothing per
 * mini-batch. The network's own weights are set from the rows by {@link #writeBack}.
 */
final class Buffers {

    final int depth;                 // L
    final int[] n;                   // n[l]: neurons in layer l; n[0] inputs
    final Activation[] f;            // f[l]
    final double[][][] w;            // w[l][j][k] = w^l_jk
    final double[][] b;              // b[l][j] = b^l_j; b[l] == null without biases

    // One slot per example of a mini-batch, e = 0 … m−1.
    final double[][][] z;            // z[l][e] = z^l of example e
    final double[][][] a;            // a[l][e] = a^l; a[0][e] is the example's input row
    final double[][][] delta;        // delta[l][e] = δ^l
    final double[][] y;              // y[e], the example's target row
    final double[] exampleCost;      // C_x of example e
    final boolean[] exampleCorrect;  // whether its output has the class of its target
    final int[] firstBadLayer;       // the first l whose δ^l or a^(l−1) is not finite, or L + 1

    // Only for the per-example loop (Sgd.perExample()): the mini-batch's sums of each example's
    // ∂C_x/∂w^l and ∂C_x/∂b^l, as network.py's nabla_w and nabla_b; null otherwise.
    final double[][][] sumW;
    final double[][] sumB;

    Buffers(Network net, int batchSize, boolean perExample) {
        depth = net.depth();
        n = net.sizes();
        f = new Activation[depth + 1];
        w = new double[depth + 1][][];
        b = new double[depth + 1][];
        z = new double[depth + 1][][];
        a = new double[depth + 1][][];
        delta = new double[depth + 1][][];
        a[0] = new double[batchSize][];
        for (int l = 1; l <= depth; l++) {
            f[l] = net.activation(l);
            w[l] = net.w(l).toArray();
            b[l] = net.layer(l).hasBias() ? net.b(l).toFlatArray() : null;
            z[l] = new double[batchSize][n[l]];
            a[l] = new double[batchSize][n[l]];
            delta[l] = new double[batchSize][n[l]];
        }
        sumW = perExample ? new double[depth + 1][][] : null;
        sumB = perExample ? new double[depth + 1][] : null;
        for (int l = 1; perExample && l <= depth; l++) {
            sumW[l] = new double[n[l]][n[l - 1]];
            sumB[l] = b[l] == null ? null : new double[n[l]];
        }
        y = new double[batchSize][];
        exampleCost = new double[batchSize];
        exampleCorrect = new boolean[batchSize];
        firstBadLayer = new int[batchSize];
    }

    /** Multiply-adds of one mini-batch of m examples through the network and back. */
    long multiplyAdds(int m) {
        long total = 0;
        for (int l = 1; l <= depth; l++) {
            total += 2L * n[l] * n[l - 1] * m;
        }
        return total;
    }

    /** The weights and biases back into the network, as new matrices. */
    void writeBack(Network net) {
        for (int l = 1; l <= depth; l++) {
            double[][] rows = w[l];
            double[] column = b[l];
            Matrix weights = Matrix.computed(n[l], n[l - 1], (j, k) -> rows[j][k]);
            Matrix biases = column == null ? null : Matrix.computed(n[l], 1, (j, k) -> column[j]);
            net.setLayer(l, net.layer(l).with(weights, biases));
        }
    }
}
