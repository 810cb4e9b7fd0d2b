package backprop.table;

import backprop.Activation;
import backprop.Cost;
import backprop.DataSet;
import backprop.GradientCheck;
import backprop.Gradients;
import backprop.History;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import backprop.Sgd;
import backprop.graph.Value;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesTest {

    /** The problem set's simple network (lecture 04). */
    final Network net = Network.of(
            Layer.withoutBias(Matrix.scalar(0.01), Activation.RELU),
            Layer.of(Matrix.scalar(-5), Matrix.scalar(-1), Activation.SIGMOID));
    final Gradients g = net.backprop(Matrix.scalar(3), Matrix.scalar(1), Cost.QUADRATIC);

    @Test
    void traceHasOneRowPerNeuron() {
        Table t = Tables.trace(g.trace());
        assertEquals(List.of("layer", "neuron", "f", "z", "a"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals("relu", t.stringColumn("f").get(1));
        assertEquals(0.03, t.doubleColumn("z").get(1), 1e-15);
        assertTrue(t.doubleColumn("z").isMissing(0), "the input has no z");
        assertEquals(g.trace().output().get(0), t.doubleColumn("a").get(2));
    }

    @Test
    void batchTracesNameTheExample() {
        Table t = Tables.trace(net.forward(Matrix.row(1, 2)));
        assertEquals(6, t.rowCount());
        assertTrue(t.columnNames().contains("example"));
    }

    @Test
    void backwardPassGoesFromTheOutputBack() {
        Table t = Tables.backward(g);
        assertEquals(List.of("layer", "neuron", "z", "a", "∂C/∂a", "f'(z)", "δ"), t.columnNames());
        assertEquals(2, t.intColumn("layer").get(0));
        assertEquals(g.delta(2).get(0), t.doubleColumn("δ").get(0));
        assertEquals(g.delta(1).get(0), t.doubleColumn("δ").get(1));
        assertEquals(-5 * g.delta(2).get(0), t.doubleColumn("∂C/∂a").get(1), 1e-15);
        assertEquals(1.0, t.doubleColumn("f'(z)").get(1), "ReLU's slope at z = 0.03");
    }

    @Test
    void gradientsHaveOneRowPerParameter() {
        Table t = Tables.gradients(g);
        assertEquals(net.parameterCount(), t.rowCount());
        assertEquals(g.nablaW(1).get(0, 0), t.doubleColumn("∂C/∂parameter").get(0));
        assertEquals("b", t.stringColumn("parameter").get(2));
        assertEquals(g.nablaB(2).get(0, 0), t.doubleColumn("∂C/∂parameter").get(2));
        assertTrue(t.intColumn("k").isMissing(2));
    }

    @Test
    void historyHasOneRowPerEpoch() {
        DataSet xor = DataSet.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
                new double[][] {{0}, {1}, {1}, {0}});
        History h = Sgd.eta(1).batchSize(2).epochs(3).evaluateOn(xor)
                .train(Network.sizes(2, 3, 1).seed(1).build(), xor);
        Table t = Tables.history(h);
        assertEquals(List.of("epoch", "training cost", "training accuracy", "evaluation cost",
                "evaluation accuracy", "‖∂C/∂w¹‖", "‖∂C/∂w²‖", "seconds"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals(h.epochs().get(2).trainingCost(), t.doubleColumn("training cost").get(2));
        assertEquals(h.epochs().get(1).gradientNorm(2), t.doubleColumn("‖∂C/∂w²‖").get(1));
    }

    @Test
    void gradientCheckAndGraph() {
        Table check = Tables.gradientCheck(GradientCheck.of(net, Matrix.scalar(3), Matrix.scalar(1), Cost.QUADRATIC));
        assertEquals(3, check.rowCount());
        assertTrue(check.doubleColumn("relative error").max() < 1e-8);

        Value s = Value.of(1.5, "s");
        Value z = s.times(3).label("x").times(s.pow(2).label("y")).label("z");
        z.backward();
        Table graph = Tables.graph(z);
        assertEquals("z", graph.stringColumn("node").get(graph.rowCount() - 1));
        assertEquals("x, y", graph.stringColumn("inputs").get(graph.rowCount() - 1));
        assertEquals(9 * 1.5 * 1.5, graph.doubleColumn("grad").get(0), 1e-12, "dz/ds for z = 3s·s²");
    }

    @Test
    void matrixColumnsByIndex() {
        Table t = Tables.matrix(Matrix.of(new double[][] {{1, 2}, {3, 4}}));
        assertEquals(List.of("0", "1"), t.columnNames());
        assertEquals(3.0, t.doubleColumn("0").get(1));
    }
}
