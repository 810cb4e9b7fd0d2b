package backprop.data;

import backprop.DataSet;
import backprop.Matrix;

import java.util.Random;

/**
 * Two interleaving half circles ("moons") in the plane, one per class: no straight line
 * separates them, so a network needs a hidden layer to tell them apart.
 *
 * <p>Point i belongs to moon i mod 2 and sits at angle t along it, spread evenly over 0..π:
 * <pre>
 *   moon 0 (target 0):  (cos t,      sin t)         the upper arch, centred on (0, 0)
 *   moon 1 (target 1):  (1 − cos t,  0.5 − sin t)   the same arch upside down, moved right and down
 * </pre>
 * and then each coordinate gets Gaussian noise of standard deviation {@code noise}, drawn from
 * a random source seeded with {@code seed}: the same seed gives identical data.
 */
final class Moons {

    private Moons() {
    }

    static DataSet generate(int n, double noise, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("two moons need at least 2 points (one per moon), "
                    + "got " + n);
        }
        DataSets.checkNoise(noise);
        Random random = new Random(seed);
        double[][] x = new double[2][n];
        double[] target = new double[n];
        int[] onMoon = {(n + 1) / 2, n / 2}; // points on moon 0 and on moon 1
        for (int i = 0; i < n; i++) {
            int moon = i % 2;
            int k = i / 2; // the k-th point along its moon
            double t = Math.PI * (k + 0.5) / onMoon[moon];
            double x1 = moon == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double x2 = moon == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[0][i] = x1 + noise * random.nextGaussian();
            x[1][i] = x2 + noise * random.nextGaussian();
            target[i] = moon;
        }
        return new DataSet(Matrix.of(x), Matrix.row(target));
    }
}
