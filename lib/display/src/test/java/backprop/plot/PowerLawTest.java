package backprop.plot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PowerLawTest {

    @Test
    void exactPowerLawsAreFoundAgain() {
        double[] x = {1, 2, 4, 10, 100};
        double[] square = {3, 12, 48, 300, 30000};          // 3 · x²
        PowerLaw law = PowerLaw.fit(x, square);
        assertEquals(2.0, law.exponent(), 1e-12);
        assertEquals(3.0, law.factor(), 1e-10);
        assertEquals(3e12, law.at(1e6), 3e12 * 1e-10);

        double[] root = {0.5, 0.5 * Math.sqrt(2), 1, 0.5 * Math.sqrt(10), 5};   // 0.5 · √x
        assertEquals(0.5, PowerLaw.fit(x, root).exponent(), 1e-12);
    }

    @Test
    void aFitFromAnIndexLeavesOutTheSmallSizes() {
        // constant overhead at first, then linear growth y = 2x
        double[] x = {1, 2, 100, 200, 400};
        double[] y = {50, 50, 200, 400, 800};
        assertEquals(1.0, PowerLaw.fit(x, y, 2).exponent(), 1e-12);
        assertEquals(2.0, PowerLaw.fit(x, y, 2).factor(), 1e-10);
        double all = PowerLaw.fit(x, y).exponent();
        assertEquals(true, all < 0.9, "the overhead flattens a fit through every point: " + all);
    }

    @Test
    void noisyPointsGiveTheLeastSquaresLine() {
        // log10 y = 1 + 2 log10 x, with the middle point 10× too high: the line through
        // (0, 1), (1, 4), (2, 5) on log10 axes has slope 2 and intercept 4/3
        PowerLaw law = PowerLaw.fit(new double[] {1, 10, 100}, new double[] {10, 10000, 100000});
        assertEquals(2.0, law.exponent(), 1e-12);
        assertEquals(Math.pow(10, 4.0 / 3), law.factor(), 1e-9);
    }

    @Test
    void showsAsAFormula() {
        assertEquals("3 · x^2.00", new PowerLaw(3, 2).toString());
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PowerLaw.fit(new double[] {1, 2}, new double[] {1, 0}));
        assertEquals("a power law fits positive values only; point 1 is (2.0, 0.0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PowerLaw.fit(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 2));
        assertEquals("a fit needs at least 2 points; from index 2 there are 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PowerLaw.fit(new double[] {1, 2}, new double[] {1}));
        assertEquals("a fit needs as many x as y values; got 2 x and 1 y values", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PowerLaw.fit(new double[] {5, 5}, new double[] {1, 2}));
        assertEquals("a fit needs at least two different x values", e.getMessage());
    }
}
