package backprop;

/**
 * A matrix that examples are added into, one at a time: Σ_x ∂C_x/∂w^l or Σ_x ∂C_x/∂b^l in
 * network.py's loop. Unlike {@link Matrix} it changes in place, so adding an example's gradient
 * costs no new matrix, and one sum serves every mini-batch ({@link #clear}); {@link #subtractFrom}
 * takes the step with it.
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

    /**
     * shrink · w − rate · (this sum), as a new matrix: the step w ← w − (η/m) Σ_x ∂C_x/∂w with
     * rate = η/m, in one pass (shrink is 1 but with weight decay).
     */
    Matrix subtractFrom(Matrix w, double shrink, double rate) {
        double[] entries = w.toFlatArray();
        int cols = rows[0].length;
        for (int j = 0; j < rows.length; j++) {
            double[] row = rows[j];
            for (int k = 0; k < cols; k++) {
                entries[j * cols + k] = shrink * entries[j * cols + k] - rate * row[k];
            }
        }
        return Matrix.wrap(rows.length, cols, entries);
    }

    /** The Euclidean norm of the sum (four running sums, as {@link Matrix#norm}). */
    double norm() {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (double[] row : rows) {
            int k = 0;
            for (; k + 3 < row.length; k += 4) {
                s0 += row[k] * row[k];
                s1 += row[k + 1] * row[k + 1];
                s2 += row[k + 2] * row[k + 2];
                s3 += row[k + 3] * row[k + 3];
            }
            for (; k < row.length; k++) {
                s0 += row[k] * row[k];
            }
        }
        return Math.sqrt((s0 + s1) + (s2 + s3));
    }

    /** True when no entry is NaN or infinite. */
    boolean isFinite() {
        for (double[] row : rows) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
