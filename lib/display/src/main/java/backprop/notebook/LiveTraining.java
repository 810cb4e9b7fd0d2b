package backprop.notebook;

import backprop.DataSet;
import backprop.Epoch;
import backprop.History;
import backprop.Network;
import backprop.Sgd;
import backprop.TextTable;
import backprop.plot.Boundary;
import backprop.plot.Panels;
import backprop.plot.Plots;
import org.knowm.xchart.XYChart;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Training you can watch: one output under the cell that redraws itself while the network
 * trains, with the cost and accuracy curves so far and, for data with two inputs, the decision
 * boundary among the points.
 *
 * <pre>{@code
 * Sgd sgd = Sgd.eta(0.5).epochs(300).seed(1);
 * History history = LiveTraining.watch(sgd, net, moons).train(net, moons);
 * // or, as fast: FastSgd.of(LiveTraining.watch(sgd, net, moons)).train(net, moons);
 * }</pre>
 *
 * {@link #watch} adds a listener to the settings ({@link Sgd#onEpoch}); the training code knows
 * nothing of it. Drawing is throttled by time: a frame at the first epoch, then at most one every
 * {@link #INTERVAL_SECONDS} and never more often than keeps drawing under a tenth of the run, and
 * always one at the last epoch, so a fast run is hardly slowed and the output ends on the trained
 * network. The frames replace each other in place (Jupyter's update_display_data), so the cell
 * holds one picture. Runs longer than {@link #PROGRESS_AFTER_SECONDS} show a progress line: the
 * epoch, the cost and the time left. Where a display cannot be updated (outside a notebook), only
 * the last frame is shown.
 */
public final class LiveTraining implements Consumer<Epoch> {

    /** The shortest time between two frames. */
    public static final double INTERVAL_SECONDS = 0.5;
    /** Drawing may take at most this fraction of the time between frames. */
    static final double DRAWING_SHARE = 0.1;
    /** From how long a run on a progress line is shown. */
    public static final double PROGRESS_AFTER_SECONDS = 1.0;

    private final Network net;
    private final DataSet data;
    private final int epochs;
    private final Display display;
    private final LongSupplier clock;
    private String id;                   // the display's id, one per run
    private final List<Epoch> seen = new ArrayList<>();
    private boolean broken;              // the display failed: training goes on without it
    private long start;
    private long lastFrame;
    private long drawingNanos;
    private int frames;

    LiveTraining(Network net, DataSet data, int epochs, Display display, LongSupplier clock) {
        this.net = net;
        this.data = data;
        this.epochs = epochs;
        this.display = display;
        this.clock = clock;
    }

    /**
     * The settings {@code sgd} with a live view of the network {@code net} learning {@code data}
     * (the data drawn under the boundary; usually the training data). Train with the result.
     */
    public static Sgd watch(Sgd sgd, Network net, DataSet data) {
        if (sgd == null || net == null || data == null) {
            throw new IllegalArgumentException("watch(sgd, net, data) needs the settings, the network "
                    + "and its data; " + (sgd == null ? "sgd" : net == null ? "net" : "data") + " is null");
        }
        Sgd.checkFits(net, data, "watched");
        return sgd.onEpoch(new LiveTraining(net, data, sgd.epochs(), Show.display(), System::nanoTime));
    }

    /** Called after every epoch: draws a frame when it is time to. */
    @Override
    public void accept(Epoch epoch) {
        if (broken) {
            return;
        }
        long now = clock.getAsLong();
        if (epoch.number() == 1) {                             // a run begins (the same settings may train again)
            seen.clear();
            frames = 0;
            drawingNanos = 0;
            id = "bp-live-" + UUID.randomUUID();
            start = now - (long) (epoch.seconds() * 1e9);      // the first epoch ran before this
        }
        seen.add(epoch);
        try {
            draw(epoch, now);
        } catch (RuntimeException e) {
            // A view that cannot be drawn must not stop the training it watches.
            broken = true;
            System.err.println("live view: " + e.getMessage() + "; training goes on without it");
        }
    }

    private void draw(Epoch epoch, long now) {
        boolean last = epoch.number() >= epochs;
        if (!display.updatesInPlace()) {
            if (last) {
                display.send(frame(true, now));
                frames++;
            }
            return;
        }
        long wait = Math.max((long) (INTERVAL_SECONDS * 1e9), (long) (drawingNanos / DRAWING_SHARE));
        if (frames == 0 || last || now - lastFrame >= wait) {
            long before = clock.getAsLong();
            MimeBundle bundle = frame(last, now);
            if (frames == 0) {
                display.send(bundle, id);
            } else {
                display.update(bundle, id);
            }
            lastFrame = clock.getAsLong();
            drawingNanos = lastFrame - before;
            frames++;
        }
    }

    /** How many frames were shown so far. */
    int frames() {
        return frames;
    }

    /** The frame after the epochs seen: the progress line above the picture. */
    MimeBundle frame(boolean last, long now) {
        Epoch e = seen.get(seen.size() - 1);
        double elapsed = (now - start) / 1e9;
        String line;
        if (last) {
            line = TextTable.count(e.number(), "epoch") + " in " + seconds(elapsed) + ": " + summary(e);
        } else if (elapsed >= PROGRESS_AFTER_SECONDS) {
            double left = elapsed / e.number() * (epochs - e.number());
            line = "epoch " + e.number() + " of " + epochs + ": " + summary(e) + " · "
                    + seconds(elapsed) + " so far, about " + seconds(left) + " left";
        } else {
            line = "epoch " + e.number() + " of " + epochs;
        }
        String why = data.inputSize() == 2 ? "" : "No decision boundary: the data has "
                + TextTable.count(data.inputSize(), "input") + ", and a boundary is drawn only for 2.";
        BufferedImage picture = picture();
        String html = "<div class=\"bp-live\" id=\"" + id + "\" style=\"font-family:sans-serif\">"
                + "<div class=\"bp-progress\" style=\"font-size:14px;margin:2px 0\">" + Html.escape(line)
                + "</div>"
                + (why.isEmpty() ? "" : "<div class=\"bp-why\" style=\"font-size:13px;color:#666\">"
                + Html.escape(why) + "</div>")
                + "<img class=\"bp-frame\" alt=\"" + Html.escape(line) + "\" width=\"" + picture.getWidth()
                + "\" height=\"" + picture.getHeight() + "\" src=\"data:image/png;base64,"
                + Png.base64(picture) + "\"></div>";
        return MimeBundle.html(html, line + (why.isEmpty() ? "" : "\n" + why));
    }

    /** The curves so far and, for two inputs, the boundary. */
    private BufferedImage picture() {
        History history = History.of(seen);
        XYChart cost = Plots.chart("Cost", "epoch", "cost", 400, 300);
        XYChart accuracy = Plots.chart("Accuracy", "epoch", "accuracy (%)", 400, 300);
        Plots.addHistory(cost, "training", history, Epoch::trainingCost);
        Plots.addHistory(accuracy, "training", history, ep -> 100 * ep.trainingAccuracy());
        if (history.hasEvaluation()) {
            Plots.addHistory(cost, "evaluation", history, Epoch::evaluationCost);
            Plots.addHistory(accuracy, "evaluation", history, ep -> 100 * ep.evaluationAccuracy());
        }
        for (XYChart chart : List.of(cost, accuracy)) {
            chart.getStyler().setXAxisMax((double) Math.max(2, epochs));   // the curves grow across
        }
        if (data.inputSize() != 2) {
            return Panels.row(cost, accuracy);
        }
        return Panels.row(Plots.image(cost), Plots.image(accuracy), Boundary.image(net, data, 300));
    }

    private static String summary(Epoch e) {
        String out = "cost " + TextTable.format(e.trainingCost()) + ", accuracy "
                + String.format(Locale.ROOT, "%.1f %%", 100 * e.trainingAccuracy());
        if (e.hasEvaluation()) {
            out += "; evaluation accuracy " + String.format(Locale.ROOT, "%.1f %%", 100 * e.evaluationAccuracy());
        }
        return out;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
    }
}
