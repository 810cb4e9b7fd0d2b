package backprop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Inputs that could give a wrong answer without a word: each fails at the public method it is
 * given to, with a message that names the argument and the rule it breaks.
 */
class NeverSilentlyWrongTest {

    static void fails(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void aMatrixTooBigForOneArrayIsRefusedWithItsRowsAndColumns() {
        fails("a matrix would need rows × cols = 65536 × 65537 = 4295032832 entries, more than one "
                + "Java array holds (2147483639)", () -> Matrix.zeros(65536, 65537));
        fails("a matrix would need rows × cols = 65536 × 65536 = 4294967296 entries, more than one "
                + "Java array holds (2147483639)", () -> Matrix.gaussian(65536, 65536, 1, new Random(1)));
        fails("a matrix would need rows × cols = 65536 × 65538 = 4295098368 entries, more than one "
                + "Java array holds (2147483639)", () -> Matrix.fill(65536, 65538, (i, j) -> 0));
        Matrix tall = Matrix.zeros(65536, 1);
        fails("a matrix would need rows × cols = 65536 × 65536 = 4294967296 entries, more than one "
                + "Java array holds (2147483639)", () -> tall.times(tall.transpose()));
        fails("layer 1's weights w^1 would need rows × cols = 65537 × 65536 = 4295032832 entries, "
                + "more than one Java array holds (2147483639)", () -> Network.sizes(65536, 65537));
    }

    @Test
    void predictTakesOneExampleAndPredictAllTakesABatch() {
        Network net = Network.sizes(2, 3, 2).seed(4).build();
        Matrix batch = Matrix.of(new double[][] {{0, 1, 5, -2}, {3, -1, 0, 2}});
        fails("predict(x) answers for one example, a column, but x is 2×4 (4 examples): use "
                + "predictAll(x) for the class of every column", () -> net.predict(batch));
        int[] all = net.predictAll(batch);
        assertEquals(4, all.length);
        for (int e = 0; e < 4; e++) {
            assertEquals(net.predict(batch.column(e)), all[e], "example " + e);
        }
    }
}
