package backprop;

/**
 * A matrix that examples are added into, one at a time: Σ_x ∂C_x/∂w^l or Σ_x ∂C_x/∂b^l in
 * network.py's loop. Unlike {@link Matrix} it changes in place, so adding an example's gradient
 * costs no new matrix; {@link #mean} turns the sum into an ordinary matrix at the end.
 */
final class RunningSum {

    private final double[][] rows; // rows[j][k] is entry (j, k)

    /** A sum of rows×cols matrices, 0 to begin with. */
    RunningSum(int rows, int cols) {
        this.rows = new double[rows][cols];
    }

    /** Back to 0, for the next mini-batch. */
    void clear() {
        for (double[] row : rows) {
            java.util.Arrays.fill(row, 0.0);
        }
    }

    /** Adds u vᵀ, the outer product of two columns: entry (j, k) grows by u_j v_k. */
    void addOuterProduct(Matrix u, Matrix v) {
        double[] uj = u.entries();
        double[] vk = v.entries();
        for (int j = 0; j < rows.length; j++) {
            double[] row = rows[j];
            double factor = uj[j];
            for (int k = 0; k < row.length; k++) {
                row[k] += factor * vk[k];
            }
        }
    }

    /** Adds a matrix of the same shape. */
    void add(Matrix m) {
        double[] entries = m.entries();
        int cols = rows[0].length;
        for (int j = 0; j < rows.length; j++) {
            for (int k = 0; k < cols; k++) {
                rows[j][k] += entries[j * cols + k];
            }
        }
    }

    /** The sum divided by the number of terms, as a matrix. */
    Matrix mean(int count) {
        double factor = 1.0 / count;
        int cols = rows[0].length;
        double[] entries = new double[rows.length * cols];
        for (int j = 0; j < rows.length; j++) {
            for (int k = 0; k < cols; k++) {
                entries[j * cols + k] = rows[j][k] * factor;
            }
        }
        return Matrix.wrap(rows.length, cols, entries);
    }
}
