package backprop.plot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarchingSquaresTest {

    @Test
    void aPlaneGivesOneStraightOpenLineExactlyOnTheLevel() {
        // Linear interpolation is exact for a linear function: every point lies on x + 2y = 1.
        MarchingSquares.Grid grid = MarchingSquares.sample((x, y) -> x + 2 * y, -3, 3, -2, 2, 25);
        List<MarchingSquares.Line> lines = MarchingSquares.lines(grid, 1);
        assertEquals(1, lines.size());
        MarchingSquares.Line line = lines.get(0);
        assertFalse(line.closed());
        assertTrue(line.size() > 20, "the line crosses the grid: " + line.size() + " points");
        for (int p = 0; p < line.size(); p++) {
            assertEquals(1, line.x()[p] + 2 * line.y()[p], 1e-12);
        }
        // It runs from border to border of the grid: from the corner (−3, 2) to (3, −1).
        int last = line.size() - 1;
        double[] ends = {line.x()[0], line.y()[0], line.x()[last], line.y()[last]};
        if (ends[0] > ends[2]) {
            ends = new double[] {ends[2], ends[3], ends[0], ends[1]};
        }
        assertEquals(-3, ends[0], 1e-12);
        assertEquals(2, ends[1], 1e-12);
        assertEquals(3, ends[2], 1e-12);
        assertEquals(-1, ends[3], 1e-12);
    }

    @Test
    void aBowlGivesOneClosedCircleOfTheRightRadiusAndArea() {
        MarchingSquares.Grid grid = MarchingSquares.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 81);
        List<MarchingSquares.Line> lines = MarchingSquares.lines(grid, 1);
        assertEquals(1, lines.size());
        MarchingSquares.Line circle = lines.get(0);
        assertTrue(circle.closed());
        double area = 0;
        for (int p = 0; p < circle.size(); p++) {
            assertEquals(1, Math.hypot(circle.x()[p], circle.y()[p]), 2e-3);
            if (p > 0) { // shoelace formula
                area += circle.x()[p - 1] * circle.y()[p] - circle.x()[p] * circle.y()[p - 1];
            }
        }
        assertEquals(Math.PI, Math.abs(area) / 2, 0.01 * Math.PI);
    }

    @Test
    void twoHillsGiveTwoClosedLinesHighUpAndOneLowDown() {
        MarchingSquares.Grid grid = MarchingSquares.sample(
                (x, y) -> Math.exp(-((x - 1.5) * (x - 1.5) + y * y)) + Math.exp(-((x + 1.5) * (x + 1.5) + y * y)),
                -4, 4, -3, 3, 81);
        List<MarchingSquares.Line> high = MarchingSquares.lines(grid, 0.6);
        assertEquals(2, high.size());
        assertTrue(high.stream().allMatch(MarchingSquares.Line::closed));
        // one around each hill: all of a line's points on one side of x = 0
        for (MarchingSquares.Line line : high) {
            double sign = Math.signum(line.x()[0]);
            for (double x : line.x()) {
                assertEquals(sign, Math.signum(x));
            }
        }
        List<MarchingSquares.Line> low = MarchingSquares.lines(grid, 0.05);
        assertEquals(1, low.size(), "low down the two hills share one contour");
        assertTrue(low.get(0).closed());
    }

    @Test
    void saddleSquaresKeepTheBranchesOfAHyperbolaApart() {
        // x·y = 0.3 has one branch in the first quadrant and one in the third.
        MarchingSquares.Grid grid = MarchingSquares.sample((x, y) -> x * y, -2.03, 1.97, -2.01, 1.99, 41);
        List<MarchingSquares.Line> lines = MarchingSquares.lines(grid, 0.3);
        assertEquals(2, lines.size());
        for (MarchingSquares.Line line : lines) {
            assertFalse(line.closed());
            double sign = Math.signum(line.x()[0]);
            for (int p = 0; p < line.size(); p++) {
                assertEquals(sign, Math.signum(line.x()[p]));
                assertEquals(sign, Math.signum(line.y()[p]));
                assertEquals(0.3, line.x()[p] * line.y()[p], 0.01);
            }
        }
    }

    @Test
    void aLevelOutsideTheValuesHasNoLines() {
        MarchingSquares.Grid grid = MarchingSquares.sample((x, y) -> x * x + y * y, -1, 1, -1, 1, 11);
        assertTrue(MarchingSquares.lines(grid, -1).isEmpty());
        assertTrue(MarchingSquares.lines(grid, 10).isEmpty());
    }

    @Test
    void aGridOfSamplesGivenByHand() {
        // f = x on x = 0, 1, 2: the level 0.5 crosses each row halfway between the first columns.
        double[][] values = {{0, 1, 2}, {0, 1, 2}};
        MarchingSquares.Grid grid = new MarchingSquares.Grid(new double[] {0, 1, 2}, new double[] {0, 10}, values);
        List<MarchingSquares.Line> lines = MarchingSquares.lines(grid, 0.5);
        assertEquals(1, lines.size());
        assertEquals(0.5, lines.get(0).x()[0], 1e-15);
        assertEquals(0.5, lines.get(0).x()[1], 1e-15);
        values[0][0] = 99; // the grid keeps its own copy
        assertEquals(0, grid.values()[0][0]);
    }

    @Test
    void squaresWithAMissingValueAreLeftOut() {
        double[][] values = {{0, 1, 2}, {0, Double.NaN, 2}};
        MarchingSquares.Grid grid = new MarchingSquares.Grid(new double[] {0, 1, 2}, new double[] {0, 1}, values);
        assertTrue(MarchingSquares.lines(grid, 0.5).isEmpty());
    }

    @Test
    void badGridsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MarchingSquares.Grid(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{0, 1}, {0}}));
        assertEquals("row 1 of the samples has 1 values, but there are 2 x values", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MarchingSquares.sample((x, y) -> x, 1, 0, 0, 1, 10));
        assertEquals("the ranges need min < max, got x from 1.0 to 0.0 and y from 0.0 to 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MarchingSquares.sample((x, y) -> x, 0, 1, 0, 1, 1));
        assertEquals("a grid needs at least 2 points per side, got 1", e.getMessage());
    }
}
