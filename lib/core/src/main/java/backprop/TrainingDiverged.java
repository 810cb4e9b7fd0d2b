package backprop;

/**
 * Training stopped because a mini-batch's cost or gradient is no longer a finite number: the
 * steps have grown until the numbers overflowed, which usually means the learning rate is too
 * large. The step that would have used them is not taken.
 */
public final class TrainingDiverged extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int miniBatch;

    /**
     * @param epoch     the epoch, counted from 1
     * @param miniBatch the mini-batch of that epoch, counted from 1
     * @param batches   how many mini-batches an epoch has
     * @param eta       the learning rate η
     * @param why       what is not finite, such as "the cost became NaN"
     */
    public TrainingDiverged(int epoch, int miniBatch, int batches, double eta, String why) {
        super("training diverged in epoch " + epoch + " (mini-batch " + miniBatch + " of " + batches
                + "): " + why + ". Try a smaller learning rate than η = " + TextTable.format(eta) + ".");
        this.epoch = epoch;
        this.miniBatch = miniBatch;
    }

    /** The epoch it happened in, counted from 1. */
    public int epoch() {
        return epoch;
    }

    /** The mini-batch of that epoch whose gradient was not finite, counted from 1. */
    public int miniBatch() {
        return miniBatch;
    }
}
