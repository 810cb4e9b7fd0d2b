package backprop;

/**
 * What an epoch's mini-batches add up to, for its {@link Epoch}: the training cost and the
 * correct answers summed over the examples, ‖∂C/∂w^l‖ summed over the mini-batches, and, when a
 * mini-batch went wrong, which one and what happened.
 */
final class EpochSums {

    double costSum;
    int correct;
    final double[] normSums; // normSums[l − 1] for layer l
    int batches;
    /** Why training must stop ("the cost became NaN", …), or null. */
    String problem;
    /** The mini-batch (counted from 1) with the problem. */
    int problemBatch;

    EpochSums(int depth) {
        normSums = new double[depth];
    }

    void clear() {
        costSum = 0;
        correct = 0;
        java.util.Arrays.fill(normSums, 0);
        batches = 0;
        problem = null;
        problemBatch = 0;
    }
}
