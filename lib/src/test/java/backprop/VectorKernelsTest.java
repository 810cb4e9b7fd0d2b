package backprop;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VectorKernels#weightedInputs} on awkward shapes: row counts that are not a multiple of
 * its blocks, odd numbers of examples, widths that are not a multiple of the lanes, and
 * sub-ranges of rows and examples as the engine's threads ask for them.
 */
class VectorKernelsTest {

    @Test
    void weightedInputsGiveEachEntryTheBitsOfOneDotProductAndAgreeWithThePlainKernel() {
        assertTrue(SgdEngine.VECTOR_API, "surefire starts the JVM with --add-modules jdk.incubator.vector");
        Random random = new Random(11);
        double[] lanes = new double[VectorKernels.LANES];
        int[] widths = {1, 2, 3, 5, 7, 8, 9, 12, 13, 2 * VectorKernels.LANES + 3, 784};
        for (int rows = 1; rows <= 7; rows++) {
            for (int examples = 1; examples <= 9; examples++) {
                for (int width : widths) {
                    double[][] w = gaussian(rows, width, random);
                    double[] b = random.nextBoolean() ? null : gaussian(1, rows, random)[0];
                    double[][] in = gaussian(examples, width, random);
                    int[][] ranges = {
                        {0, examples, 0, rows},
                        {examples / 3, examples, rows / 2, rows},
                        {0, (examples + 1) / 2, 0, (rows + 1) / 2}};
                    for (int[] r : ranges) {
                        int e0 = r[0], e1 = r[1], j0 = r[2], j1 = r[3];
                        double[][] byVector = filled(examples, rows, Double.NaN);
                        double[][] byPlain = filled(examples, rows, Double.NaN);
                        VectorKernels.weightedInputs(w, b, in, byVector, e0, e1, j0, j1, lanes);
                        SgdEngine.weightedInputs(w, b, in, byPlain, e0, e1, j0, j1);
                        String where = rows + " rows, " + examples + " examples, width " + width
                                + ", examples " + e0 + "…" + e1 + ", rows " + j0 + "…" + j1;
                        for (int e = 0; e < examples; e++) {
                            for (int j = 0; j < rows; j++) {
                                boolean inRange = e >= e0 && e < e1 && j >= j0 && j < j1;
                                if (!inRange) {
                                    assertTrue(Double.isNaN(byVector[e][j]), "wrote outside the range: " + where);
                                    continue;
                                }
                                double dot = VectorKernels.dot(w[j], in[e], lanes);
                                double expected = b == null ? dot : dot + b[j];
                                assertEquals(Double.doubleToRawLongBits(expected),
                                        Double.doubleToRawLongBits(byVector[e][j]), where); // bit for bit
                                assertEquals(byPlain[e][j], byVector[e][j], 1e-12, where);
                            }
                        }
                    }
                }
            }
        }
    }

    private static double[][] gaussian(int rows, int columns, Random random) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int k = 0; k < columns; k++) {
                row[k] = random.nextGaussian();
            }
        }
        return m;
    }

    private static double[][] filled(int rows, int columns, double value) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            java.util.Arrays.fill(row, value);
        }
        return m;
    }
}
