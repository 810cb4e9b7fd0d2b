package backprop.table;

import backprop.GradientCheck;
import backprop.Gradients;
import backprop.History;
import backprop.Epoch;
import backprop.Matrix;
import backprop.TextTable;
import backprop.Trace;
import backprop.graph.Value;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.util.List;

/**
 * The library's results as Tablesaw tables, one row per neuron, parameter, epoch or graph node.
 *
 * <p>Placeholder written on the notebook-platform branch so that the display helper has tables
 * to show; the table module of the library replaces it with the same method names.
 */
public final class Tables {

    private Tables() {
    }

    /** The forward pass: one row per neuron of every layer (layer 0 is the input). */
    public static Table trace(Trace trace) {
        int shown = Math.min(trace.examples(), 3);
        IntColumn layer = IntColumn.create("layer");
        IntColumn neuron = IntColumn.create("neuron");
        StringColumn f = StringColumn.create("f");
        DoubleColumn[] z = new DoubleColumn[shown];
        DoubleColumn[] a = new DoubleColumn[shown];
        for (int e = 0; e < shown; e++) {
            String suffix = trace.examples() == 1 ? "" : " [" + e + "]";
            z[e] = numbers("z" + suffix);
            a[e] = numbers("a" + suffix);
        }
        for (int l = 0; l <= trace.depth(); l++) {
            for (int j = 0; j < trace.a(l).rows(); j++) {
                layer.append(l);
                neuron.append(j);
                f.append(l == 0 ? "input" : trace.activation(l).id());
                for (int e = 0; e < shown; e++) {
                    if (l == 0) {
                        z[e].appendMissing();
                    } else {
                        z[e].append(trace.z(l).get(j, e));
                    }
                    a[e].append(trace.a(l).get(j, e));
                }
            }
        }
        Table table = Table.create("forward pass", layer, neuron, f);
        for (int e = 0; e < shown; e++) {
            table.addColumns(z[e], a[e]);
        }
        return table;
    }

    /** Backpropagation's result: one row per weight and bias with its ∂C/∂parameter. */
    public static Table gradients(Gradients g) {
        IntColumn layer = IntColumn.create("layer");
        StringColumn parameter = StringColumn.create("parameter");
        IntColumn j = IntColumn.create("j");
        IntColumn k = IntColumn.create("k");
        DoubleColumn slope = numbers("∂C/∂parameter");
        for (int l = 1; l <= g.depth(); l++) {
            Matrix w = g.nablaW(l);
            for (int row = 0; row < w.rows(); row++) {
                for (int col = 0; col < w.cols(); col++) {
                    layer.append(l);
                    parameter.append("w");
                    j.append(row);
                    k.append(col);
                    slope.append(w.get(row, col));
                }
                if (g.hasBias(l)) {
                    layer.append(l);
                    parameter.append("b");
                    j.append(row);
                    k.appendMissing();
                    slope.append(g.nablaB(l).get(row, 0));
                }
            }
        }
        return Table.create("gradients", layer, parameter, j, k, slope);
    }

    /** A training run: one row per epoch. */
    public static Table history(History history) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn cost = numbers("cost");
        DoubleColumn accuracy = numbers("accuracy");
        DoubleColumn evalCost = numbers("eval cost");
        DoubleColumn evalAccuracy = numbers("eval accuracy");
        for (Epoch e : history.epochs()) {
            epoch.append(e.number());
            cost.append(e.trainingCost());
            accuracy.append(e.trainingAccuracy());
            evalCost.append(e.evaluationCost());
            evalAccuracy.append(e.evaluationAccuracy());
        }
        Table table = Table.create("history", epoch, cost, accuracy);
        if (history.hasEvaluation()) {
            table.addColumns(evalCost, evalAccuracy);
        }
        return table;
    }

    /** A gradient check: one row per parameter, backprop beside the central difference. */
    public static Table gradientCheck(GradientCheck check) {
        IntColumn layer = IntColumn.create("layer");
        StringColumn parameter = StringColumn.create("parameter");
        IntColumn j = IntColumn.create("j");
        IntColumn k = IntColumn.create("k");
        DoubleColumn backprop = numbers("backprop");
        DoubleColumn numeric = numbers("numeric");
        DoubleColumn error = numbers("relative error");
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
            error.append(e.relativeError());
        }
        return Table.create("gradient check", layer, parameter, j, k, backprop, numeric, error);
    }

    /** A computation graph: one row per value, inputs before the values made from them. */
    public static Table graph(Value output) {
        List<Value> order = output.graph();
        StringColumn node = StringColumn.create("node");
        StringColumn op = StringColumn.create("op");
        StringColumn inputs = StringColumn.create("inputs");
        DoubleColumn value = numbers("value");
        DoubleColumn grad = numbers("grad");
        for (Value v : order) {
            node.append(name(v, order));
            op.append(v.op().isEmpty() ? "leaf" : v.op());
            StringBuilder in = new StringBuilder();
            for (Value input : v.inputs()) {
                in.append(in.length() > 0 ? ", " : "").append(name(input, order));
            }
            inputs.append(in.toString());
            value.append(v.data());
            grad.append(v.grad());
        }
        return Table.create("computation graph", node, op, inputs, value, grad);
    }

    /** A matrix: one row per matrix row, one column per matrix column. */
    public static Table matrix(Matrix m) {
        Table table = Table.create("matrix " + m.shape());
        for (int col = 0; col < m.cols(); col++) {
            DoubleColumn column = numbers(String.valueOf(col));
            for (int row = 0; row < m.rows(); row++) {
                column.append(m.get(row, col));
            }
            table.addColumns(column);
        }
        return table;
    }

    private static String name(Value v, List<Value> order) {
        return v.label().isEmpty() ? "#" + order.indexOf(v) : v.label();
    }

    /** A number column printed with up to 6 significant digits, as the text tables are. */
    private static DoubleColumn numbers(String name) {
        DoubleColumn column = DoubleColumn.create(name);
        column.setPrintFormatter(new NumberColumnFormatter() {
            @Override
            public String format(double x) {
                return Double.isNaN(x) ? "" : TextTable.format(x);
            }
        });
        return column;
    }
}
