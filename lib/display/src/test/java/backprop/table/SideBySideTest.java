package backprop.table;

import backprop.Matrix;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SideBySideTest {

    final Matrix w = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    final Matrix close = Matrix.of(new double[][] {{1, 2, 3}, {4, 5.25, 6}});

    @Test
    void oneRowPerEntryRowByRowWithOneColumnPerMatrix() {
        Table t = SideBySide.of("by hand", w).and("library", close).table("∂C/∂w");
        assertEquals("∂C/∂w", t.name());
        assertEquals(List.of("j", "k", "by hand", "library"), t.columnNames());
        assertEquals(6, t.rowCount());
        // entry (1, 1) is the fifth, counting row by row
        assertEquals(1, t.intColumn("j").get(4));
        assertEquals(1, t.intColumn("k").get(4));
        assertEquals(5.0, t.doubleColumn("by hand").get(4));
        assertEquals(5.25, t.doubleColumn("library").get(4));
        assertEquals(2, t.intColumn("k").get(2));
    }

    @Test
    void columnVectorsNeedNoK() {
        Table t = SideBySide.of("a", Matrix.vector(1, 2)).and("b", Matrix.vector(1, 2)).table();
        assertEquals(List.of("j", "a", "b"), t.columnNames());
        assertEquals("a · b", t.name());
    }

    @Test
    void largestDifferenceOverEveryEntryAndPair() {
        assertEquals(0.0, SideBySide.of("w", w).largestDifference());
        assertEquals(0.25, SideBySide.of("w", w).and("close", close).largestDifference());
        Matrix far = Matrix.of(new double[][] {{1, 2, 3}, {4, 4.5, 6}});
        // 5.25 and 4.5 are the two furthest apart, though neither is the first matrix
        assertEquals(0.75, SideBySide.of("w", w).and("close", close).and("far", far)
                .largestDifference(), 1e-15);
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SideBySide.of("w", w).and("wᵀ", w.transpose()));
        assertEquals("\"wᵀ\" is 3×2 but \"w\" is 2×3: compare matrices of one shape", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SideBySide.of("w", w).and("w", w));
        assertEquals("the name \"w\" is taken: give each matrix its own name (j and k name the entries)",
                e.getMessage());
    }
}
