package backprop.graph;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTest {

    @Test
    void chainRuleCase1() {
        // y = g(x) = x², z = h(y) = sin-free: e^y;  dz/dx = dz/dy · dy/dx = e^(x²) · 2x
        Value x = Value.of(0.7, "x");
        Value y = x.pow(2).label("y");
        Value z = y.exp().label("z");
        z.backward();
        assertEquals(Math.exp(0.49), z.data(), 1e-15);
        assertEquals(Math.exp(0.49), y.grad(), 1e-15, "dz/dy");
        assertEquals(Math.exp(0.49) * 2 * 0.7, x.grad(), 1e-15, "dz/dx");
    }

    @Test
    void chainRuleCase2AddsThePaths() {
        // x = g(s) = 3s, y = h(s) = s², z = k(x, y) = x·y:
        // dz/ds = ∂z/∂x · dx/ds + ∂z/∂y · dy/ds = y·3 + x·2s
        Value s = Value.of(1.5, "s");
        Value x = s.times(3).label("x");
        Value y = s.pow(2).label("y");
        Value z = x.times(y).label("z");
        z.backward();
        assertEquals(y.data(), x.grad());
        assertEquals(x.data(), y.grad());
        assertEquals(y.data() * 3 + x.data() * 2 * 1.5, s.grad(), 1e-15);
        assertEquals(3 * 3 * 1.5 * 1.5, s.grad(), 1e-12, "z = 3s³, dz/ds = 9s²");
    }

    @Test
    void theSimpleNetworkNodeByNode() {
        Value x = Value.of(3, "x"), w1 = Value.of(0.01, "w1"), w2 = Value.of(-5, "w2"),
                b = Value.of(-1, "b"), t = Value.of(1, "t");
        Value z1 = w1.times(x).label("z1");
        Value a1 = z1.relu().label("a1");
        Value z2 = w2.times(a1).plus(b).label("z2");
        Value y = z2.sigmoid().label("y");
        Value c = y.minus(t).pow(2).times(0.5).label("C");
        c.backward();
        assertEquals(0.03, z1.data(), 1e-15);
        assertEquals(-1.15, z2.data(), 1e-15);
        assertEquals(0.2884284164, c.data(), 1e-10);
        assertEquals(2.0809165, w1.grad(), 1e-7);
        assertEquals(-0.0041618, w2.grad(), 1e-7);
        assertEquals(-0.1387277, b.grad(), 1e-7);
        assertEquals(-0.1387277, z2.grad(), 1e-7, "δ2");
        assertEquals(0.6936388, z1.grad(), 1e-7, "δ1");
        String table = c.table();
        assertTrue(table.contains("w1") && table.contains("relu") && table.contains("σ"), table);
    }

    @Test
    void everyOperationsLocalDerivativeMatchesCentralDifferences() {
        List<UnaryOperator<Value>> ops = List.of(
                v -> v.plus(Value.of(2)), v -> Value.of(2).minus(v), v -> v.times(Value.of(-3)),
                v -> v.div(Value.of(1.7)), v -> Value.of(1.7).div(v), v -> v.pow(3), v -> v.exp(),
                v -> v.log(), v -> v.neg(), v -> v.sigmoid(), v -> v.relu(), v -> v.tanh());
        for (double at : new double[] {0.3, 1.2, 2.5}) {
            for (UnaryOperator<Value> op : ops) {
                Value v = Value.of(at);
                Value out = op.apply(v);
                out.backward();
                DoubleUnaryOperator f = u -> op.apply(Value.of(u)).data();
                double h = 1e-6;
                double numeric = (f.applyAsDouble(at + h) - f.applyAsDouble(at - h)) / (2 * h);
                assertEquals(numeric, v.grad(), 1e-7, out.op() + " at " + at);
            }
        }
    }

    @Test
    void backwardTwiceGivesTheSameGradients() {
        Value a = Value.of(2, "a");
        Value out = a.times(a).plus(a);
        out.backward();
        out.backward();
        assertEquals(5.0, a.grad(), "d(a² + a)/da = 2a + 1, not doubled by a second call");
    }

    @Test
    void impossibleOperationsSayWhy() {
        var e = assertThrows(ArithmeticException.class, () -> Value.of(-1, "u").log());
        assertEquals("ln of -1 (u): the logarithm needs a positive number", e.getMessage());
        e = assertThrows(ArithmeticException.class, () -> Value.of(1).div(Value.of(0, "d")));
        assertEquals("division by zero: d is 0", e.getMessage());
        e = assertThrows(ArithmeticException.class, () -> Value.of(-2, "v").pow(0.5));
        assertEquals("-2 to the power 0.5 (v): a negative number has a real power only for a whole "
                + "exponent", e.getMessage());
        e = assertThrows(ArithmeticException.class, () -> Value.of(0, "v").pow(-1));
        assertEquals("0 to the power -1 (v): a negative power of 0 is infinite", e.getMessage());
        assertEquals(-8, Value.of(-2).pow(3).data(), "a whole exponent of a negative number is fine");
    }

    @Test
    void aLeafOrAPowerThatIsNotAFiniteNumberIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Value.of(Double.NaN, "w"));
        assertEquals("the value of a leaf (w) must be a finite number, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Value.of(2).plus(Double.POSITIVE_INFINITY));
        assertEquals("the value of a leaf (the value) must be a finite number, got Infinity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Value.of(2).pow(Double.NaN));
        assertEquals("the exponent n must be a finite number, got NaN", e.getMessage());
    }
}
