package backprop.data;

import backprop.DataSet;
import backprop.Matrix;

import java.util.Random;

/**
 * Spiral arms winding out from the centre of the plane, one arm per class: a classic test that
 * needs a curved decision boundary.
 *
 * <p>Point i belongs to arm c = i mod K (of K classes). If it is the k-th of the m points on
 * its arm, its radius is r = (k + 0.5) / m, between 0 and 1, and its angle grows with r so the
 * arm winds three quarters of a turn:
 * <pre>
 *   θ = 2π c / K + 1.5π r        (the arms start evenly spaced around the centre)
 *   x = (r cos θ, r sin θ)
 * </pre>
 * and then each coordinate gets Gaussian noise of standard deviation {@code noise}, drawn from
 * a random source seeded with {@code seed}: the same seed gives identical data. The targets are
 * one-hot: K entries per example.
 */
final class Spirals {

    private Spirals() {
    }

    static DataSet generate(int n, double noise, int classes, long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException("spirals need at least 2 classes (arms), got "
                    + classes);
        }
        if (n < classes) {
            throw new IllegalArgumentException(n + " points cannot fill " + classes
                    + " spiral arms: give at least one point per arm");
        }
        DataSets.checkNoise(noise);
        Random random = new Random(seed);
        double[][] x = new double[2][n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            int k = i / classes;                                  // the k-th point on arm c
            int m = (n - c + classes - 1) / classes;              // points on arm c
            double r = (k + 0.5) / m;
            double theta = 2 * Math.PI * c / classes + 1.5 * Math.PI * r;
            x[0][i] = r * Math.cos(theta) + noise * random.nextGaussian();
            x[1][i] = r * Math.sin(theta) + noise * random.nextGaussian();
            labels[i] = c;
        }
        return DataSet.labelled(Matrix.of(x), labels, classes);
    }
}
