package backprop.fast;

import java.util.Arrays;

/**
 * Whether the JDK's Vector API can be used here: the JVM has the incubator module (it was
 * started with {@code --add-modules jdk.incubator.vector}) and the vector kernels compute on it
 * what they were written to compute. An incubator API may differ in another JDK, so they first
 * compute one small product and compare it with the plain kernel. This class refers to the
 * vector kernels only inside that check, so it loads without the module.
 */
final class VectorApi {

    private VectorApi() {
    }

    /** True when the vector kernels run here. */
    static final boolean AVAILABLE = check();

    private static boolean check() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            double[][] w = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {-1, 0.5, 2, 0, 3, 1, -2, 4, 0.25}};
            double[] b = {0.5, -1};
            double[][] in = {{1, 1, 1, 1, 1, 1, 1, 1, 1}, {0, 1, 0, 1, 0, 1, 0, 1, 0}};
            double[][] byVector = new double[2][2];
            double[][] byPlain = new double[2][2];
            VectorWeightedInputs.compute(w, b, in, byVector, 0, 2, 0, 2, new double[Part.LANES_AT_MOST]);
            WeightedInputs.compute(w, b, in, byPlain, 0, 2, 0, 2);
            return Arrays.deepEquals(byVector, byPlain);
        } catch (LinkageError | RuntimeException e) {
            return false; // an incubator API these kernels were not compiled for: use the plain ones
        }
    }
}
