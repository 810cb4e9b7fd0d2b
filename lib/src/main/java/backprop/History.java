package backprop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The record of a training run: one {@link Epoch} per epoch, and the number of updates. */
public final class History {

    private final List<Epoch> epochs = new ArrayList<>();
    private long updates;

    void add(Epoch epoch) {
        epochs.add(epoch);
    }

    void countUpdates(int count) {
        updates += count;
    }

    /** The epochs in order, first to last. */
    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

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
        return updates;
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
