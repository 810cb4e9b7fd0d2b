package backprop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Backpropagation checked against the definition of a derivative: nudge each parameter θ by ±h
 * and take the central difference (C(θ + h) − C(θ − h)) / 2h. Two forward passes per parameter,
 * where backpropagation needs one forward and one backward pass for all of them (Nielsen, chapter 2;
 * lecture 07 counts both).
 *
 * <pre>{@code
 * GradientCheck check = GradientCheck.of(net, x, y, Cost.QUADRATIC);
 * check.relativeDistance();   // ‖g − g_fd‖ / (‖g‖ + ‖g_fd‖), about 1e-10 when backprop is right
 * }</pre>
 */
public final class GradientCheck {

    /** The default nudge h: near the cube root of double precision, which balances the
     * difference's truncation error (∝ h²) against its rounding error (∝ 1/h). */
    public static final double DEFAULT_STEP = 1e-5;

    /**
     * One parameter's derivative, by backprop and by central difference.
     *
     * @param layer     l, the layer the parameter belongs to, 1 … L
     * @param parameter "w" for a weight w^l_jk, "b" for a bias b^l_j
     * @param j         the neuron in layer l
     * @param k         the neuron in layer l − 1 the weight comes from (0 for a bias)
     * @param backprop  g, the derivative ∂C/∂θ that backpropagation gives
     * @param numeric   g_fd, the central difference (C(θ + h) − C(θ − h)) / 2h
     */
    public record Entry(int layer, String parameter, int j, int k, double backprop,
                        double numeric) {

        /** |g − g_fd|, the two derivatives' distance. */
        public double absoluteError() {
            return Math.abs(backprop - numeric);
        }

        /** |g − g_fd| / (|g| + |g_fd|), 0 when both are 0. */
        public double relativeError() {
            double scale = Math.abs(backprop) + Math.abs(numeric);
            return scale == 0 ? 0 : absoluteError() / scale;
        }
    }

    private final List<Entry> entries;
    private final long numericForwardPasses;
    private final Network.Passes backpropPasses;

    private GradientCheck(List<Entry> entries, long numericForwardPasses,
                          Network.Passes backpropPasses) {
        this.entries = entries;
        this.numericForwardPasses = numericForwardPasses;
        this.backpropPasses = backpropPasses;
    }

    /** Checks every parameter on the examples of a data set. */
    public static GradientCheck of(Network net, DataSet data, Cost cost) {
        return of(net, Require.nonNull(data, "data").x(), data.y(), cost, DEFAULT_STEP);
    }

    /** Checks every parameter on one example or a mini-batch (one example per column). */
    public static GradientCheck of(Network net, Matrix x, Matrix y, Cost cost) {
        return of(net, x, y, cost, DEFAULT_STEP);
    }

    /**
     * As {@link #of(Network, Matrix, Matrix, Cost)}, with a chosen nudge 0 &lt; h ≤ 1: a central
     * difference estimates a derivative only for a small h.
     */
    public static GradientCheck of(Network net, Matrix x, Matrix y, Cost cost, double h) {
        Require.positive(h, "the nudge h", 1);
        Require.nonNull(net, "the network net");
        Network own = net.copy(); // counts only this check's passes
        Gradients g = own.backprop(x, y, cost);
        Network.Passes backpropPasses = own.passes();

        List<Entry> entries = new ArrayList<>();
        long forwardPasses = 0;
        for (int l = 1; l <= net.depth(); l++) {
            Layer layer = net.layer(l);
            Matrix w = layer.weights();
            for (int j = 0; j < w.rows(); j++) {
                for (int k = 0; k < w.cols(); k++) {
                    double up = cost.value(net.withLayer(l, layer.with(
                            w.with(j, k, w.get(j, k) + h), layer.biases())).feedForward(x), y);
                    double down = cost.value(net.withLayer(l, layer.with(
                            w.with(j, k, w.get(j, k) - h), layer.biases())).feedForward(x), y);
                    forwardPasses += 2;
                    entries.add(new Entry(l, "w", j, k, g.nablaW(l).get(j, k), (up - down) / (2 * h)));
                }
            }
            if (layer.hasBias()) {
                Matrix b = layer.biases();
                for (int j = 0; j < b.rows(); j++) {
                    double up = cost.value(net.withLayer(l, layer.with(
                            w, b.with(j, 0, b.get(j, 0) + h))).feedForward(x), y);
                    double down = cost.value(net.withLayer(l, layer.with(
                            w, b.with(j, 0, b.get(j, 0) - h))).feedForward(x), y);
                    forwardPasses += 2;
                    entries.add(new Entry(l, "b", j, 0, g.nablaB(l).get(j, 0), (up - down) / (2 * h)));
                }
            }
        }
        return new GradientCheck(Collections.unmodifiableList(entries), forwardPasses,
                backpropPasses);
    }

    /** Every parameter's two derivatives, layer by layer, weights before biases. */
    public List<Entry> entries() {
        return entries;
    }

    /** ‖g − g_fd‖ / (‖g‖ + ‖g_fd‖) over all parameters: below 1e-7 when backprop is right. */
    public double relativeDistance() {
        double diff = 0;
        double g = 0;
        double fd = 0;
        for (Entry e : entries) {
            diff += (e.backprop - e.numeric) * (e.backprop - e.numeric);
            g += e.backprop * e.backprop;
            fd += e.numeric * e.numeric;
        }
        double scale = Math.sqrt(g) + Math.sqrt(fd);
        return scale == 0 ? 0 : Math.sqrt(diff) / scale;
    }

    /** The largest |g − g_fd| over all parameters (0 for none). */
    public double maxAbsoluteError() {
        return entries.stream().mapToDouble(Entry::absoluteError).max().orElse(0);
    }

    /** The largest {@link Entry#relativeError} over all parameters (0 for none). */
    public double maxRelativeError() {
        return entries.stream().mapToDouble(Entry::relativeError).max().orElse(0);
    }

    /** The forward passes the central differences took: two per parameter. */
    public long numericForwardPasses() {
        return numericForwardPasses;
    }

    /** The passes backpropagation took for the same gradient: one forward, one backward. */
    public Network.Passes backpropPasses() {
        return backpropPasses;
    }

    /** A summary, then one line per parameter (the first 30). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder()
                .append(entries.size()).append(" parameters: relative distance ")
                .append(TextTable.format(relativeDistance()))
                .append(", largest absolute error ").append(TextTable.format(maxAbsoluteError()))
                .append("\ncentral differences: ").append(numericForwardPasses)
                .append(" forward passes; backprop: ").append(backpropPasses.forward())
                .append(" forward + ").append(backpropPasses.backward()).append(" backward\n");
        TextTable table = new TextTable("layer", "parameter", "j", "k", "backprop", "numeric",
                "relative error");
        entries.stream().limit(30).forEach(e -> table.row(e.layer, e.parameter, e.j,
                e.parameter.equals("b") ? "" : e.k, e.backprop, e.numeric, e.relativeError()));
        out.append(table);
        if (entries.size() > 30) {
            out.append("\n(").append(entries.size() - 30).append(" more parameters not shown)");
        }
        return out.toString();
    }
}
