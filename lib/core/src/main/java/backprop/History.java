package backprop;

import java.util.List;

/** The record of a training run: one {@link Epoch} per epoch, in order. */
public final class History {

    private final List<Epoch> epochs;

    private History(List<Epoch> epochs) {
        this.epochs = epochs;
    }

    /** The history of these epochs, first to last. */
    public static History of(List<Epoch> epochs) {
        for (int i = 0; i < Require.nonNull(epochs, "epochs").size(); i++) {
            if (epochs.get(i) == null || epochs.get(i).number() != i + 1) {
                throw new IllegalArgumentException("epoch " + (i + 1) + " of a history must have "
                        + "number " + (i + 1) + ", got " + epochs.get(i));
            }
        }
        return new History(List.copyOf(epochs));
    }

    /** The epochs in order, first to last. */
    public List<Epoch> epochs() {
        return epochs;
    }

    /** The number of epochs that ran. */
    public int size() {
        return epochs.size();
    }

    /** The last epoch; fails when no epoch ran. */
    public Epoch last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has run");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** How many times the weights were updated (one per mini-batch). */
    public long updates() {
        return epochs.stream().mapToLong(Epoch::updates).sum();
    }

    /** True when the epochs measured evaluation data. */
    public boolean hasEvaluation() {
        return !epochs.isEmpty() && epochs.get(0).hasEvaluation();
    }

    /** The depth L of the network trained. */
    public int depth() {
        return epochs.isEmpty() ? 0 : epochs.get(0).gradientNorms().length;
    }

    /** One line per epoch. */
    @Override
    public String toString() {
        TextTable table = hasEvaluation()
                ? new TextTable("epoch", "cost", "accuracy", "eval cost", "eval accuracy")
                : new TextTable("epoch", "cost", "accuracy");
        for (Epoch e : epochs) {
            if (hasEvaluation()) {
                table.row(e.number(), e.trainingCost(), Epoch.percent(e.trainingAccuracy()),
                        e.evaluationCost(), Epoch.percent(e.evaluationAccuracy()));
            } else {
                table.row(e.number(), e.trainingCost(), Epoch.percent(e.trainingAccuracy()));
            }
        }
        return table.toString();
    }
}
