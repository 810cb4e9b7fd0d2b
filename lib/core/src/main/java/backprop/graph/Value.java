package backprop.graph;

import backprop.Activation;
import backprop.TextTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A number in a computation graph: it remembers how it was made, so {@link #backward()} can
 * apply the chain rule from here back to every number it depends on.
 *
 * <p>Every operation states its forward rule and, right beside it, its local derivatives: the
 * slope of its result with respect to each input. {@code backward()} multiplies those slopes
 * along every path and adds up the paths (the two cases of the chain rule
 * in lecture 02).
 *
 * <pre>{@code
 * Value x = Value.of(3, "x"), w = Value.of(0.01, "w1");
 * Value z = w.times(x).label("z1");
 * z.backward();
 * w.grad();   // dz/dw = x = 3
 * }</pre>
 */
public final class Value {

    private final double data;
    private double grad;
    private final String op;
    private final Value[] inputs;
    private final double[] local; // local[i] = ∂(this)/∂(inputs[i])
    private String label;

    private Value(double data, String op, Value[] inputs, double[] local) {
        this.data = data;
        this.op = op;
        this.inputs = inputs;
        this.local = local;
        this.label = "";
    }

    /** A leaf: an input or a parameter, a finite number. */
    public static Value of(double data, String label) {
        if (!Double.isFinite(data)) {
            throw new IllegalArgumentException("the value of a leaf (" + (label == null || label.isEmpty()
                    ? "the value" : label) + ") must be a finite number, got " + data);
        }
        return new Value(data, "", new Value[0], new double[0]).label(label);
    }

    /** A leaf without a name. */
    public static Value of(double data) {
        return of(data, "");
    }

    private static Value unary(double data, String op, Value a, double dA) {
        return new Value(data, op, new Value[] {a}, new double[] {dA});
    }

    private static Value binary(double data, String op, Value a, double dA, Value b, double dB) {
        return new Value(data, op, new Value[] {a, b}, new double[] {dA, dB});
    }

    // ---- operations: forward rule, then local derivatives ------------------------------------

    /** a + b;  ∂/∂a = 1, ∂/∂b = 1. */
    public Value plus(Value b) {
        return binary(data + operand(b).data, "+", this, 1, b, 1);
    }

    /** a − b;  ∂/∂a = 1, ∂/∂b = −1. */
    public Value minus(Value b) {
        return binary(data - operand(b).data, "−", this, 1, b, -1);
    }

    /** a × b;  ∂/∂a = b, ∂/∂b = a. */
    public Value times(Value b) {
        return binary(data * operand(b).data, "×", this, b.data, b, data);
    }

    /** a ÷ b;  ∂/∂a = 1/b, ∂/∂b = −a/b². */
    public Value div(Value b) {
        if (operand(b).data == 0) {
            throw new ArithmeticException("division by zero: " + describe(b) + " is 0");
        }
        return binary(data / b.data, "÷", this, 1 / b.data, b, -data / (b.data * b.data));
    }

    /**
     * aⁿ;  ∂/∂a = n aⁿ⁻¹, for a finite n. A negative a needs a whole n, and a = 0 an n ≥ 0:
     * otherwise aⁿ is not a real number.
     */
    public Value pow(double n) {
        if (!Double.isFinite(n)) {
            throw new IllegalArgumentException("the exponent n must be a finite number, got " + n);
        }
        if ((data < 0 && n != Math.rint(n)) || (data == 0 && n < 0)) {
            throw new ArithmeticException(TextTable.format(data) + " to the power " + TextTable.format(n)
                    + " (" + describe(this) + "): " + (data < 0
                    ? "a negative number has a real power only for a whole exponent"
                    : "a negative power of 0 is infinite"));
        }
        return unary(Math.pow(data, n), "^" + TextTable.format(n), this, n * Math.pow(data, n - 1));
    }

    /** e^a;  ∂/∂a = e^a. */
    public Value exp() {
        double e = Math.exp(data);
        return unary(e, "exp", this, e);
    }

    /** ln a;  ∂/∂a = 1/a. */
    public Value log() {
        if (data <= 0) {
            throw new ArithmeticException("ln of " + TextTable.format(data) + " (" + describe(this)
                    + "): the logarithm needs a positive number");
        }
        return unary(Math.log(data), "ln", this, 1 / data);
    }

    /** −a;  ∂/∂a = −1. */
    public Value neg() {
        return unary(-data, "neg", this, -1);
    }

    /** σ(a) = 1/(1 + e^(−a));  ∂/∂a = σ(a)(1 − σ(a)), as {@link Activation#SIGMOID} defines them. */
    public Value sigmoid() {
        return activation(Activation.SIGMOID, "σ");
    }

    /** max(0, a);  ∂/∂a = 1 for a &gt; 0, else 0 (0 at exactly 0), as {@link Activation#RELU}. */
    public Value relu() {
        return activation(Activation.RELU, "relu");
    }

    /** tanh a;  ∂/∂a = 1 − tanh² a, as {@link Activation#TANH}. */
    public Value tanh() {
        return activation(Activation.TANH, "tanh");
    }

    /** f(a);  ∂/∂a = f'(a): an activation's rule and derivative, from the one place they are written. */
    private Value activation(Activation f, String op) {
        double a = f.value(data);
        return unary(a, op, this, f.derivative(data, a));
    }

    // numbers as constants: a + 2, a × 0.5, …

    /** a + b for a constant b, a finite number: ∂/∂a = 1. */
    public Value plus(double b) {
        return plus(Value.of(b));
    }

    /** a − b for a constant b, a finite number: ∂/∂a = 1. */
    public Value minus(double b) {
        return minus(Value.of(b));
    }

    /** a × b for a constant b, a finite number: ∂/∂a = b. */
    public Value times(double b) {
        return times(Value.of(b));
    }

    /** a ÷ b for a constant b, a finite number other than 0: ∂/∂a = 1/b. */
    public Value div(double b) {
        return div(Value.of(b));
    }

    // ---- the backward pass -----------------------------------------------------------------------

    /**
     * Sets grad() of every value this one depends on to ∂(this)/∂(that value): this value's grad
     * becomes 1, then, in reverse topological order, each value passes grad × local derivative
     * to each of its inputs, which add up what reaches them.
     */
    public void backward() {
        List<Value> order = graph();
        for (Value v : order) {
            v.grad = 0;
        }
        grad = 1;
        for (int n = order.size() - 1; n >= 0; n--) {
            Value v = order.get(n);
            for (int i = 0; i < v.inputs.length; i++) {
                v.inputs[i].grad += v.local[i] * v.grad; // chain rule: ∂out/∂input += ∂v/∂input · ∂out/∂v
            }
        }
    }

    /** Every value this one depends on, itself last, each after all of its inputs. */
    public List<Value> graph() {
        List<Value> order = new ArrayList<>();
        visit(this, new HashSet<>(), order);
        return order;
    }

    private static void visit(Value v, Set<Value> seen, List<Value> order) {
        if (seen.add(v)) {
            for (Value input : v.inputs) {
                visit(input, seen, order);
            }
            order.add(v);
        }
    }

    // ---- reading -----------------------------------------------------------------------------------

    /** The number this value holds, as the forward pass computed it. */
    public double data() {
        return data;
    }

    /** ∂(the value backward() was called on)/∂(this). */
    public double grad() {
        return grad;
    }

    /** The operation that made this value, "" for a leaf. */
    public String op() {
        return op;
    }

    /** The value's name in tables, "" when it has none. */
    public String label() {
        return label;
    }

    /** Names this value (for tables) and returns it, so {@code a.times(b).label("z")} reads well. */
    public Value label(String label) {
        this.label = label == null ? "" : label;
        return this;
    }

    /** The values this one was computed from (none for a leaf). */
    public List<Value> inputs() {
        return List.of(inputs);
    }

    /** ∂(this)/∂(input i): the local derivatives beside the forward rule. */
    public double localDerivative(int i) {
        return local[i];
    }

    /** One line per value of the graph, inputs first: name, operation, inputs, value, grad. */
    public String table() {
        List<Value> order = graph();
        TextTable table = new TextTable("node", "op", "inputs", "local ∂", "value", "grad");
        for (Value v : order) {
            StringBuilder in = new StringBuilder();
            StringBuilder loc = new StringBuilder();
            for (int i = 0; i < v.inputs.length; i++) {
                in.append(i > 0 ? ", " : "").append(v.inputs[i].name(order));
                loc.append(i > 0 ? ", " : "").append(TextTable.format(v.local[i]));
            }
            table.row(v.name(order), v.op.isEmpty() ? "leaf" : v.op, in.toString(),
                    loc.toString(), v.data, v.grad);
        }
        return table.toString();
    }

    /** The label, or "#n" from the value's place in the graph when it has none. */
    private String name(List<Value> order) {
        return label.isEmpty() ? "#" + order.indexOf(this) : label;
    }

    private static Value operand(Value b) {
        if (b == null) {
            throw new IllegalArgumentException("the other operand b must not be null");
        }
        return b;
    }

    private static String describe(Value v) {
        return v.label.isEmpty() ? "the value" : v.label;
    }

    /** The name with the number and its gradient: "z1(data=0.03, grad=1)", or "Value(…)" unnamed. */
    @Override
    public String toString() {
        return (label.isEmpty() ? "Value" : label) + "(data=" + TextTable.format(data)
                + ", grad=" + TextTable.format(grad) + ")";
    }
}
