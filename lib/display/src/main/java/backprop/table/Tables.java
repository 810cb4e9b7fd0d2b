package backprop.table;

import backprop.Activation;
import backprop.Epoch;
import backprop.GradientCheck;
import backprop.Gradients;
import backprop.History;
import backprop.Matrix;
import backprop.Trace;
import backprop.graph.Value;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * The library's results as Tablesaw tables, to display in a notebook, sort, filter or save.
 *
 * <pre>{@code
 * show(Tables.trace(net.forward(x)));          // every z and a, neuron by neuron
 * show(Tables.history(history));               // one row per epoch
 * }</pre>
 */
public final class Tables {

    private Tables() {
    }

    /** The forward pass: one row per neuron (per example of a batch) with its z and a. */
    public static Table trace(Trace t) {
        Table table = Table.create("forward pass");
        IntColumn layer = IntColumn.create("layer");
        IntColumn neuron = IntColumn.create("neuron");
        StringColumn f = StringColumn.create("f");
        IntColumn example = IntColumn.create("example");
        DoubleColumn z = DoubleColumn.create("z");
        DoubleColumn a = DoubleColumn.create("a");
        for (int e = 0; e < t.examples(); e++) {
            for (int l = 0; l <= t.depth(); l++) {
                for (int j = 0; j < t.a(l).rows(); j++) {
                    layer.append(l);
                    neuron.append(j);
                    f.append(l == 0 ? "input" : t.activation(l).id());
                    example.append(e);
                    if (l == 0) {
                        z.appendMissing();
                    } else {
                        z.append(t.z(l).get(j, e));
                    }
                    a.append(t.a(l).get(j, e));
                }
            }
        }
        table.addColumns(layer, neuron, f);
        if (t.examples() > 1) {
            table.addColumns(example);
        }
        return table.addColumns(z, a);
    }

    /**
     * The backward pass, neuron by neuron from the output back: z, a, the slope of the cost with
     * respect to the neuron's value ∂C/∂a, the activation's slope f'(z), and δ = ∂C/∂z.
     * f'(z) is missing for softmax, which has no single slope per neuron.
     */
    public static Table backward(Gradients g) {
        Trace t = g.trace();
        Table table = Table.create("backward pass");
        IntColumn layer = IntColumn.create("layer");
        IntColumn neuron = IntColumn.create("neuron");
        IntColumn example = IntColumn.create("example");
        DoubleColumn z = DoubleColumn.create("z");
        DoubleColumn a = DoubleColumn.create("a");
        DoubleColumn dCda = DoubleColumn.create("∂C/∂a");
        DoubleColumn slope = DoubleColumn.create("f'(z)");
        DoubleColumn delta = DoubleColumn.create("δ");
        for (int e = 0; e < t.examples(); e++) {
            for (int l = g.depth(); l >= 1; l--) {
                Matrix slopes = g.dCda(l);
                for (int j = 0; j < t.z(l).rows(); j++) {
                    layer.append(l);
                    neuron.append(j);
                    example.append(e);
                    z.append(t.z(l).get(j, e));
                    a.append(t.a(l).get(j, e));
                    dCda.append(slopes.get(j, e));
                    if (t.activation(l) == Activation.SOFTMAX) {
                        slope.appendMissing();
                    } else {
                        slope.append(t.activation(l).derivative(t.z(l).get(j, e)));
                    }
                    delta.append(g.delta(l).get(j, e));
                }
            }
        }
        table.addColumns(layer, neuron);
        if (t.examples() > 1) {
            table.addColumns(example);
        }
        return table.addColumns(z, a, dCda, slope, delta);
    }

    /** One row per weight and bias: ∂C/∂w^l_jk and ∂C/∂b^l_j (k is missing on bias rows). */
    public static Table gradients(Gradients g) {
        IntColumn layer = IntColumn.create("layer");
        StringColumn parameter = StringColumn.create("parameter");
        IntColumn j = IntColumn.create("j");
        IntColumn k = IntColumn.create("k");
        DoubleColumn value = DoubleColumn.create("∂C/∂parameter");
        for (int l = 1; l <= g.depth(); l++) {
            Matrix w = g.nablaW(l);
            for (int row = 0; row < w.rows(); row++) {
                for (int col = 0; col < w.cols(); col++) {
                    layer.append(l);
                    parameter.append("w");
                    j.append(row);
                    k.append(col);
                    value.append(w.get(row, col));
                }
                if (g.hasBias(l)) {
                    layer.append(l);
                    parameter.append("b");
                    j.append(row);
                    k.appendMissing();
                    value.append(g.nablaB(l).get(row, 0));
                }
            }
        }
        return Table.create("gradients", layer, parameter, j, k, value);
    }

    /**
     * One row per epoch: training cost and accuracy, evaluation cost and accuracy (when there
     * was evaluation data), ‖∂C/∂w^l‖ for each layer, and the epoch's time.
     */
    public static Table history(History h) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn cost = DoubleColumn.create("training cost");
        DoubleColumn accuracy = DoubleColumn.create("training accuracy");
        DoubleColumn evalCost = DoubleColumn.create("evaluation cost");
        DoubleColumn evalAccuracy = DoubleColumn.create("evaluation accuracy");
        DoubleColumn[] norms = new DoubleColumn[h.depth()];
        for (int l = 1; l <= norms.length; l++) {
            norms[l - 1] = DoubleColumn.create("‖∂C/∂w" + superscript(l) + "‖");
        }
        DoubleColumn seconds = DoubleColumn.create("seconds");
        for (Epoch e : h.epochs()) {
            epoch.append(e.number());
            cost.append(e.trainingCost());
            accuracy.append(e.trainingAccuracy());
            evalCost.append(e.evaluationCost());
            evalAccuracy.append(e.evaluationAccuracy());
            for (int l = 1; l <= norms.length; l++) {
                norms[l - 1].append(e.gradientNorm(l));
            }
            seconds.append(e.seconds());
        }
        Table table = Table.create("training history", epoch, cost, accuracy);
        if (h.hasEvaluation()) {
            table.addColumns(evalCost, evalAccuracy);
        }
        return table.addColumns(norms).addColumns(seconds);
    }

    /** One row per parameter: backprop's derivative, the central difference, their errors. */
    public static Table gradientCheck(GradientCheck check) {
        IntColumn layer = IntColumn.create("layer");
        StringColumn parameter = StringColumn.create("parameter");
        IntColumn j = IntColumn.create("j");
        IntColumn k = IntColumn.create("k");
        DoubleColumn backprop = DoubleColumn.create("backprop");
        DoubleColumn numeric = DoubleColumn.create("numeric");
        DoubleColumn absolute = DoubleColumn.create("absolute error");
        DoubleColumn relative = DoubleColumn.create("relative error");
        for (GradientCheck.Entry e : check.entries()) {
            layer.append(e.layer());
            parameter.append(e.parameter());
            j.append(e.j());
            if (e.parameter().equals("b")) {
                k.appendMissing();
            } else {
                k.append(e.k());
            }
            backprop.append(e.backprop());
            numeric.append(e.numeric());
            absolute.append(e.absoluteError());
            relative.append(e.relativeError());
        }
        return Table.create("gradient check", layer, parameter, j, k, backprop, numeric, absolute,
                relative);
    }

    /**
     * A computation graph, one row per node, inputs before the nodes they feed: its operation,
     * inputs, local derivatives (∂node/∂input, in the inputs' order), value and gradient.
     */
    public static Table graph(Value output) {
        List<Value> nodes = output.graph();
        StringColumn node = StringColumn.create("node");
        StringColumn op = StringColumn.create("op");
        StringColumn inputs = StringColumn.create("inputs");
        StringColumn local = StringColumn.create("local ∂");
        DoubleColumn value = DoubleColumn.create("value");
        DoubleColumn grad = DoubleColumn.create("grad");
        for (Value v : nodes) {
            node.append(name(v, nodes));
            op.append(v.op().isEmpty() ? "leaf" : v.op());
            StringBuilder in = new StringBuilder();
            StringBuilder slopes = new StringBuilder();
            for (int i = 0; i < v.inputs().size(); i++) {
                in.append(i > 0 ? ", " : "").append(name(v.inputs().get(i), nodes));
                slopes.append(i > 0 ? ", " : "").append(backprop.TextTable.format(v.localDerivative(i)));
            }
            inputs.append(in.toString());
            local.append(slopes.toString());
            value.append(v.data());
            grad.append(v.grad());
        }
        return Table.create("computation graph", node, op, inputs, local, value, grad);
    }

    /** A matrix as a table: one column per matrix column, named by its index. */
    public static Table matrix(Matrix m) {
        Table table = Table.create(m.shape() + " matrix");
        for (int col = 0; col < m.cols(); col++) {
            double[] values = new double[m.rows()];
            for (int row = 0; row < m.rows(); row++) {
                values[row] = m.get(row, col);
            }
            table.addColumns(DoubleColumn.create(String.valueOf(col), values));
        }
        return table;
    }

    private static String name(Value v, List<Value> nodes) {
        return v.label().isEmpty() ? "#" + nodes.indexOf(v) : v.label();
    }

    private static String superscript(int n) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder out = new StringBuilder();
        for (char c : String.valueOf(n).toCharArray()) {
            out.append(digits.charAt(c - '0'));
        }
        return out.toString();
    }
}
