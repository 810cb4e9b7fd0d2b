package backprop;

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
 * @param seconds            how long the epoch took
 */
public record Epoch(int number, double trainingCost, double trainingAccuracy,
                    double evaluationCost, double evaluationAccuracy, double[] gradientNorms,
                    double seconds) {

    /** ‖∂C/∂w^l‖ averaged over the epoch's mini-batches, for l = 1 … L. */
    public double gradientNorm(int l) {
        if (l < 1 || l > gradientNorms.length) {
            throw new IllegalArgumentException("layer " + l + " does not exist: layers are 1 to "
                    + gradientNorms.length);
        }
        return gradientNorms[l - 1];
    }

    public boolean hasEvaluation() {
        return !Double.isNaN(evaluationCost);
    }

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
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * fraction);
    }
}
