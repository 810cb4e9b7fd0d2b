package backprop.data;

import backprop.DataSet;
import backprop.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** XOR, two moons and spirals: shapes, geometry, noise and determinism. */
class SyntheticDataTest {

    @Test
    void xorHasFourExamplesWhoseTargetIsTheExclusiveOrOfTheInputs() {
        DataSet xor = DataSets.xor();
        assertEquals(4, xor.size());
        assertEquals(2, xor.inputSize());
        assertEquals(1, xor.outputSize());
        for (int e = 0; e < 4; e++) {
            int a = (int) xor.x().get(0, e);
            int b = (int) xor.x().get(1, e);
            assertEquals(a ^ b, xor.y().get(0, e), "example " + e);
            assertEquals(a ^ b, xor.label(e));
        }
        java.util.Set<String> corners = new java.util.HashSet<>();
        for (int e = 0; e < 4; e++) {
            corners.add(xor.x().get(0, e) + "," + xor.x().get(1, e));
        }
        assertEquals(java.util.Set.of("0.0,0.0", "0.0,1.0", "1.0,0.0", "1.0,1.0"), corners);
    }

    @Test
    void theSameSeedGivesIdenticalDataAndAnotherSeedOtherData() {
        assertEquals(DataSets.moons(101, 0.2, 5).x(), DataSets.moons(101, 0.2, 5).x());
        assertEquals(DataSets.moons(101, 0.2, 5).y(), DataSets.moons(101, 0.2, 5).y());
        assertNotEquals(DataSets.moons(101, 0.2, 5).x(), DataSets.moons(101, 0.2, 6).x());
        assertEquals(DataSets.spirals(90, 0.1, 3, 5).x(), DataSets.spirals(90, 0.1, 3, 5).x());
        assertEquals(DataSets.spirals(90, 0.1, 3, 5).y(), DataSets.spirals(90, 0.1, 3, 5).y());
        assertNotEquals(DataSets.spirals(90, 0.1, 3, 5).x(), DataSets.spirals(90, 0.1, 3, 6).x());
    }

    @Test
    void moonsHaveTwoInputsOneOutputAndPointsAlternatingBetweenTheMoons() {
        DataSet moons = DataSets.moons(7, 0.3, 1);
        assertEquals(7, moons.size());
        assertEquals(2, moons.inputSize());
        assertEquals(1, moons.outputSize());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1, 0}, moons.labels());
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1, 0}, moons.y().toFlatArray());
    }

    @Test
    void withoutNoiseEveryPointLiesOnItsHalfCircle() {
        DataSet moons = DataSets.moons(60, 0, 9);
        for (int e = 0; e < moons.size(); e++) {
            double x1 = moons.x().get(0, e);
            double x2 = moons.x().get(1, e);
            if (moons.label(e) == 0) { // the upper half of the unit circle around (0, 0)
                assertEquals(1, x1 * x1 + x2 * x2, 1e-12, "example " + e);
                assertEquals(true, x2 > 0, "example " + e + " is above the centre");
            } else {                   // the lower half of the unit circle around (1, 0.5)
                assertEquals(1, (x1 - 1) * (x1 - 1) + (x2 - 0.5) * (x2 - 0.5), 1e-12, "example " + e);
                assertEquals(true, x2 < 0.5, "example " + e + " is below the centre");
            }
        }
    }

    @Test
    void theNoiseIsGaussianWithTheGivenStandardDeviation() {
        int n = 4000;
        double noise = 0.25;
        Matrix clean = DataSets.moons(n, 0, 3).x();
        Matrix noisy = DataSets.moons(n, noise, 3).x();
        double[] offsets = noisy.minus(clean).toFlatArray();
        double sum = 0;
        double squares = 0;
        for (double d : offsets) {
            sum += d;
            squares += d * d;
        }
        assertEquals(0, sum / offsets.length, 0.02, "mean offset");
        assertEquals(noise, Math.sqrt(squares / offsets.length), 0.02 * noise, "standard deviation");

        Matrix cleanSpirals = DataSets.spirals(n, 0, 4, 3).x();
        Matrix noisySpirals = DataSets.spirals(n, noise, 4, 3).x();
        double spiralSquares = noisySpirals.minus(cleanSpirals).norm();
        assertEquals(noise, spiralSquares / Math.sqrt(2.0 * n), 0.02 * noise);
    }

    @Test
    void spiralsHaveOneHotTargetsAndPointsDealtToTheArmsInTurn() {
        DataSet spirals = DataSets.spirals(11, 0.1, 3, 2);
        assertEquals(11, spirals.size());
        assertEquals(2, spirals.inputSize());
        assertEquals(3, spirals.outputSize());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1}, spirals.labels());
        assertEquals(DataSet.oneHot(spirals.labels(), 3), spirals.y());
    }

    @Test
    void withoutNoiseEachArmIsTheFirstArmTurnedByAFractionOfACircle() {
        int classes = 5;
        DataSet spirals = DataSets.spirals(40 * classes, 0, classes, 1);
        for (int e = 0; e < spirals.size(); e++) {
            int arm = e % classes;
            int first = e - arm; // the same point on arm 0
            double turn = 2 * Math.PI * arm / classes;
            double x1 = spirals.x().get(0, first);
            double x2 = spirals.x().get(1, first);
            assertEquals(x1 * Math.cos(turn) - x2 * Math.sin(turn), spirals.x().get(0, e), 1e-12);
            assertEquals(x1 * Math.sin(turn) + x2 * Math.cos(turn), spirals.x().get(1, e), 1e-12);
        }
    }

    @Test
    void withoutNoiseEveryArmWindsOutwardsFromTheCentreToRadiusOne() {
        int classes = 3;
        DataSet spirals = DataSets.spirals(50 * classes, 0, classes, 1);
        for (int arm = 0; arm < classes; arm++) {
            double previous = 0;
            for (int e = arm; e < spirals.size(); e += classes) {
                double r = Math.hypot(spirals.x().get(0, e), spirals.x().get(1, e));
                assertEquals(true, r > previous && r < 1, "radius " + r + " of example " + e);
                previous = r;
            }
            assertEquals(1, previous, 0.02, "the outer end of arm " + arm);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        fails("two moons need at least 2 points (one per moon), got 1", () -> DataSets.moons(1, 0.1, 1));
        fails("the noise must be a number ≥ 0 (a standard deviation), got -0.1",
                () -> DataSets.moons(10, -0.1, 1));
        fails("the noise must be a number ≥ 0 (a standard deviation), got NaN",
                () -> DataSets.spirals(10, Double.NaN, 2, 1));
        fails("spirals need at least 2 classes (arms), got 1", () -> DataSets.spirals(10, 0.1, 1, 1));
        fails("5 points cannot fill 6 spiral arms: give at least one point per arm",
                () -> DataSets.spirals(5, 0.1, 6, 1));
    }

    static void fails(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
