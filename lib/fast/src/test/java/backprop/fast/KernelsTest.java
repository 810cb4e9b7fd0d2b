package backprop.fast;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector kernels against the plain ones on awkward shapes: row counts that are not a
 * multiple of their blocks, odd numbers of examples, widths that are not a multiple of the lanes,
 * and sub-ranges of rows and examples as the two threads ask for them. And the pacer's choice.
 */
class KernelsTest {

    @Test
    void vectorWeightedInputsGiveEachEntryTheBitsOfOneDotProductAndAgreeWithThePlainKernel() {
        assertTrue(VectorApi.AVAILABLE, "surefire starts the JVM with --add-modules jdk.incubator.vector");
        Random random = new Random(11);
        double[] lanes = new double[Part.LANES_AT_MOST];
        int[] widths = {1, 2, 3, 5, 7, 8, 9, 12, 13, 2 * VectorWeightedInputs.LANES + 3, 784};
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
                        VectorWeightedInputs.compute(w, b, in, byVector, e0, e1, j0, j1, lanes);
                        WeightedInputs.compute(w, b, in, byPlain, e0, e1, j0, j1);
                        String where = rows + " rows, " + examples + " examples, width " + width
                                + ", examples " + e0 + "…" + e1 + ", rows " + j0 + "…" + j1;
                        for (int e = 0; e < examples; e++) {
                            for (int j = 0; j < rows; j++) {
                                boolean inRange = e >= e0 && e < e1 && j >= j0 && j < j1;
                                if (!inRange) {
                                    assertTrue(Double.isNaN(byVector[e][j]), "wrote outside the range: " + where);
                                    assertTrue(Double.isNaN(byPlain[e][j]), "wrote outside the range: " + where);
                                    continue;
                                }
                                double dot = VectorWeightedInputs.dot(w[j], in[e], lanes);
                                double expected = b == null ? dot : dot + b[j];
                                assertEquals(Double.doubleToRawLongBits(expected),
                                        Double.doubleToRawLongBits(byVector[e][j]), where); // bit for bit
                                double plain = WeightedInputs.plusBias(WeightedInputs.dot(w[j], in[e]), b, j);
                                assertEquals(Double.doubleToRawLongBits(plain),
                                        Double.doubleToRawLongBits(byPlain[e][j]), where);
                                assertEquals(byPlain[e][j], byVector[e][j], 1e-12, where);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void vectorAndPlainUpdatesAgreeOnOddRowsAndWidths() {
        Random random = new Random(12);
        for (int rows = 1; rows <= 9; rows++) {
            for (int width : new int[] {1, 3, 8, 11, 37}) {
                for (int m : new int[] {1, 2, 5, 9, 10, 100}) {
                    double[][] aPrevious = gaussian(m, width, random);
                    double[][] delta = gaussian(m, rows, random);
                    double[][] wPlain = gaussian(rows, width, random);
                    double[][] wVector = copy(wPlain);
                    double[] bPlain = gaussian(1, rows, random)[0];
                    double[] bVector = bPlain.clone();
                    double[] squaresPlain = new double[width];
                    double[] squaresVector = new double[width];
                    Update.step(wPlain, bPlain, aPrevious, delta, m, 0, rows, 0.3, 0.99,
                            new double[width], squaresPlain);
                    VectorUpdate.step(wVector, bVector, aPrevious, delta, m, 0, rows, 0.3, 0.99,
                            new double[width], new double[width], squaresVector);
                    String where = rows + " rows, width " + width + ", " + m + " examples";
                    for (int j = 0; j < rows; j++) {
                        for (int k = 0; k < width; k++) {
                            assertEquals(wPlain[j][k], wVector[j][k], 1e-14, where);
                        }
                        assertEquals(bPlain[j], bVector[j], 1e-14, where);
                    }
                    for (int k = 0; k < width; k++) {
                        assertEquals(squaresPlain[k], squaresVector[k], 1e-12, where);
                    }
                }
            }
        }
    }

    @Test
    void thePacerTriesBothWaysThenKeepsToTheFasterAndRetriesTheOther() {
        Pacer pacer = new Pacer();
        List<Boolean> choices = new ArrayList<>();
        for (int window = 0; window < 3 * Pacer.RETRY_EVERY; window++) {
            boolean together = pacer.together();
            choices.add(together);
            for (int i = 0; i < Pacer.WINDOW; i++) {
                pacer.record(together, together ? 3_000 : 1_000); // alone is faster here
            }
        }
        assertEquals(true, choices.get(0), "first two threads");
        assertEquals(false, choices.get(1), "then one");
        int retry = Pacer.RETRY_EVERY;
        assertTrue(choices.subList(2, retry).stream().noneMatch(c -> c), "then the faster");
        assertEquals(true, choices.get(retry), "every RETRY_EVERY-th window tries the slower way again");
        assertEquals(false, choices.get(retry + 1));
        assertEquals(true, choices.get(2 * retry));
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

    private static double[][] copy(double[][] m) {
        return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
    }

    private static double[][] filled(int rows, int columns, double value) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            Arrays.fill(row, value);
        }
        return m;
    }
}
