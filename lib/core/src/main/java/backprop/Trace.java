package backprop;

/**
 * What a forward pass computed: every weighted input z^l and activation a^l, for l = 1 … L,
 * with a^0 = x. One column per example.
 */
public final class Trace {

    private final Network network;
    private final Matrix[] z; // z[0] is unused: the input has no weighted input
    private final Matrix[] a;

    Trace(Network network, Matrix[] z, Matrix[] a) {
        this.network = network;
        this.z = z;
        this.a = a;
    }

    /** L, the number of layers with weights. */
    public int depth() {
        return z.length - 1;
    }

    /** The number of examples that went through together. */
    public int examples() {
        return a[0].cols();
    }

    /** z^l = w^l a^(l−1) + b^l, for l = 1 … L. */
    public Matrix z(int l) {
        if (l < 1 || l > depth()) {
            throw new IllegalArgumentException("z^" + l + " does not exist: z is defined for "
                    + "layers 1 to " + depth());
        }
        return z[l];
    }

    /** a^l = f(z^l) for l = 1 … L, and a^0 = x. */
    public Matrix a(int l) {
        if (l < 0 || l > depth()) {
            throw new IllegalArgumentException("a^" + l + " does not exist: a is defined for "
                    + "layers 0 (the input) to " + depth());
        }
        return a[l];
    }

    /** a^0 = x, the input that went in. */
    public Matrix input() {
        return a[0];
    }

    /** a^L, the network's output. */
    public Matrix output() {
        return a[depth()];
    }

    /** The network that made this pass. */
    Network network() {
        return network;
    }

    /** The activation of layer l, for tables that name it. */
    public Activation activation(int l) {
        return network.activation(l);
    }

    /** One line per neuron: layer, neuron, activation, z and a (for each example). */
    @Override
    public String toString() {
        int shown = Math.min(examples(), 3);
        String[] headers = new String[3 + 2 * shown];
        headers[0] = "layer";
        headers[1] = "neuron";
        headers[2] = "f";
        for (int e = 0; e < shown; e++) {
            String suffix = examples() == 1 ? "" : " [" + e + "]";
            headers[3 + 2 * e] = "z" + suffix;
            headers[4 + 2 * e] = "a" + suffix;
        }
        TextTable table = new TextTable(headers);
        for (int l = 0; l <= depth(); l++) {
            for (int j = 0; j < a[l].rows(); j++) {
                Object[] row = new Object[headers.length];
                row[0] = l;
                row[1] = j;
                row[2] = l == 0 ? "input" : activation(l).id();
                for (int e = 0; e < shown; e++) {
                    row[3 + 2 * e] = l == 0 ? "" : z[l].get(j, e);
                    row[4 + 2 * e] = a[l].get(j, e);
                }
                table.row(row);
            }
        }
        String more = examples() > shown
                ? "\n(" + (examples() - shown) + " more examples not shown)" : "";
        return table + more;
    }
}
