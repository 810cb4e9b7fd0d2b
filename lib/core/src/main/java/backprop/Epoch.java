package backprop;

import java.util.Locale;

/**
 * What one epoch of training measured.
 *
 * <p>The training cost and accuracy are the means over the epoch's mini-batches, each measured
 * on the forward pass its update already made (so they cost no extra pass, and reflect the
 * weights as they were during the epoch). The evaluation cost and accuracy are measured on the
 * evaluation data after the epoch, or are NaN when there is none.
 *
 * @param number             1 for the first epoch
 * @param trainingCost       mean cost over the training examples
 * @param trainingAccuracy   fraction of training examples classified right
 * @param evaluationCost     cost on the evaluation data after the epoch (NaN without it)
 * @param evaluationAccuracy accuracy on the evaluation data after the epoch (NaN without it)
 * @param gradientNorms      ‖∂C/∂w^l‖ for l = 1 … L (at index l − 1), averaged over the batches
 * @param updates            how many times the weights were updated: one per mini-batch
 * @param seconds            how long the epoch took
 */
public record Epoch(int number, double trainingCost, double trainingAccuracy,
                    double evaluationCost, double evaluationAccuracy, double[] gradientNorms,
                    int updates, double seconds) {

    public Epoch {
        Require.nonNull(gradientNorms, "gradientNorms");
    }

    /** ‖∂C/∂w^l‖ averaged over the epoch's mini-batches, for l = 1 … L. */
    public double gradientNorm(int l) {
        if (l < 1 || l > gradientNorms.length) {
            throw new IllegalArgumentException("layer " + l + " does not exist: layers are 1 to "
                    + gradientNorms.length);
        }
        return gradientNorms[l - 1];
    }

    /** Whether the epoch was measured on evaluation data too (its cost is not NaN). */
    public boolean hasEvaluation() {
        return !Double.isNaN(evaluationCost);
    }

    /** One line: "epoch 3: cost 0.0412, accuracy 95.0 %", then the evaluation's when there is one. */
    @Override
    public String toString() {
        String out = "epoch " + number + ": cost " + TextTable.format(trainingCost)
                + ", accuracy " + percent(trainingAccuracy);
        if (hasEvaluation()) {
            out += "; evaluation cost " + TextTable.format(evaluationCost) + ", accuracy "
                    + percent(evaluationAccuracy);
        }
        return out;
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /**
     * What an epoch's mini-batches add up to as they go: the cost and the right answers over the
     * examples, ‖∂C/∂w^l‖ over the mini-batches. {@link Sgd#train} adds each mini-batch's
     * {@link Gradients}; a second implementation of training adds the same sums, computed its own
     * way. {@link #epoch} turns them into the epoch's means and measures the evaluation data.
     */
    public static final class Totals {

        private final double[] normSums; // normSums[l − 1]: Σ over the mini-batches of ‖∂C/∂w^l‖
        private double costSum;          // Σ over the examples of C_x
        private int correct;
        private int examples;
        private int batches;

        /** Nothing added yet, for a network of L = depth layers. */
        public Totals(int depth) {
            this.normSums = new double[depth];
        }

        /** One mini-batch, from the gradients its update used. */
        public void add(Gradients g) {
            double[] norms = new double[Require.nonNull(g, "the gradients g").depth()];
            for (int l = 1; l <= g.depth(); l++) {
                norms[l - 1] = g.norm(l);
            }
            add(g.cost() * g.examples(), DataSet.countCorrect(g.trace().output(), g.target()),
                    g.examples(), norms);
        }

        /**
         * One mini-batch of {@code examples} examples: the sum of their costs, how many of them
         * were classified right, and ‖∂C/∂w^l‖ of the update (at index l − 1).
         */
        public void add(double costSum, int correct, int examples, double[] norms) {
            if (Require.nonNull(norms, "norms").length != normSums.length || examples < 1 || correct < 0 || correct > examples) {
                throw new IllegalArgumentException("a mini-batch of " + examples + " examples with "
                        + correct + " right and " + norms.length + " gradient norms does not fit "
                        + "an epoch of a network of " + normSums.length + " layers");
            }
            this.costSum += costSum;
            this.correct += correct;
            this.examples += examples;
            for (int l = 0; l < norms.length; l++) {
                normSums[l] += norms[l];
            }
            batches++;
        }

        /**
         * The epoch these mini-batches make, with the cost and accuracy of the network on the
         * evaluation data as it is now (one forward pass; none when evaluation is null).
         */
        public Epoch epoch(int number, Network net, DataSet evaluation, Cost cost, long nanos) {
            Require.nonNull(net, "the network net");
            Require.nonNull(cost, "the cost");
            if (batches == 0) {
                throw new IllegalStateException("no mini-batch was added to epoch " + number);
            }
            double evaluationCost = Double.NaN;
            double evaluationAccuracy = Double.NaN;
            if (evaluation != null) {
                Matrix output = net.feedForward(evaluation.x());
                evaluationCost = cost.value(output, evaluation.y());
                evaluationAccuracy = (double) DataSet.countCorrect(output, evaluation.y())
                        / evaluation.size();
            }
            double[] norms = normSums.clone();
            for (int l = 0; l < norms.length; l++) {
                norms[l] /= batches;
            }
            return new Epoch(number, costSum / examples, (double) correct / examples,
                    evaluationCost, evaluationAccuracy, norms, batches, nanos / 1e9);
        }
    }
}
