package backprop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class MatrixTest {

    final Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void productTransposeAndHadamard() {
        Matrix b = Matrix.of(new double[][] {{1, 0}, {0, 1}, {2, -1}});
        assertEquals(Matrix.of(new double[][] {{7, -1}, {16, -1}}), a.times(b));
        assertEquals(Matrix.of(new double[][] {{1, 4}, {2, 5}, {3, 6}}), a.transpose());
        assertEquals(Matrix.of(new double[][] {{1, 4, 9}, {16, 25, 36}}), a.hadamard(a));
        assertEquals(Matrix.of(new double[][] {{2, 3, 4}, {6, 7, 8}}), a.plusColumn(Matrix.vector(1, 2)));
        assertEquals(Matrix.vector(2, 5), a.rowMeans());
        assertEquals(Matrix.row(5, 7, 9), a.columnSums());
    }

    @Test
    void picksColumnsAsMiniBatches() {
        assertEquals(Matrix.of(new double[][] {{3, 1}, {6, 4}}), a.columns(new int[] {2, 0}));
        assertEquals(Matrix.vector(2, 5), a.column(1));
        assertEquals(2, DataSet.classOf(a, 2) + 1);
    }

    @Test
    void neverChangesItsOperandsOrLeaksItsData() {
        double[][] rows = {{1, 2}};
        Matrix m = Matrix.of(rows);
        rows[0][0] = 99;
        m.toArray()[0][1] = 99;
        assertEquals(Matrix.row(1, 2), m);
        Matrix n = m.with(0, 0, 5);
        assertEquals(Matrix.row(1, 2), m);
        assertEquals(Matrix.row(5, 2), n);
        assertNotSame(m, m.times(1));
    }

    @Test
    void printsAlignedRows() {
        assertEquals("[[ 1,    -2.5]\n [10, 0.24048]]",
                Matrix.of(new double[][] {{1, -2.5}, {10, 0.24048}}).toString());
        assertEquals("1.2e-07", TextTable.format(1.2e-7));
        assertEquals("-0.138728", TextTable.format(-0.1387277));
    }
}
