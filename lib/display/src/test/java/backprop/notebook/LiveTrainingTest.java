package backprop.notebook;

import backprop.Activation;
import backprop.DataSet;
import backprop.Epoch;
import backprop.History;
import backprop.Network;
import backprop.Sgd;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveTrainingTest {

    /** A display that can update in place and records what it was sent, with the id. */
    static class Recorder implements Display {
        final List<String> calls = new ArrayList<>();
        final List<MimeBundle> bundles = new ArrayList<>();

        @Override
        public void send(MimeBundle bundle) {
            calls.add("send");
            bundles.add(bundle);
        }

        @Override
        public void send(MimeBundle bundle, String displayId) {
            calls.add("send " + displayId);
            bundles.add(bundle);
        }

        @Override
        public void update(MimeBundle bundle, String displayId) {
            calls.add("update " + displayId);
            bundles.add(bundle);
        }

        @Override
        public boolean updatesInPlace() {
            return true;
        }

        @Override
        public String describe() {
            return "a recorder";
        }
    }

    /** A clock the test moves by hand, in nanoseconds. */
    static final class Clock {
        long now;
    }

    /** 60 points in the plane, class 1 inside the circle of radius 1 (a boundary to learn). */
    static final DataSet MOONS = circle(60);

    static DataSet circle(int n) {
        java.util.Random random = new java.util.Random(3);
        double[][] x = new double[n][], y = new double[n][];
        for (int e = 0; e < n; e++) {
            x[e] = new double[] {4 * random.nextDouble() - 2, 4 * random.nextDouble() - 2};
            y[e] = new double[] {Math.hypot(x[e][0], x[e][1]) < 1 ? 1 : 0};
        }
        return DataSet.of(x, y);
    }

    static Network net() {
        return Network.sizes(2, 6, 1).activation(Activation.SIGMOID).seed(2).build();
    }

    static Epoch epoch(int n) {
        return new Epoch(n, 1.0 / n, 0.5, Double.NaN, Double.NaN, new double[] {0.1, 0.1}, 6, 0.01);
    }

    static java.awt.image.BufferedImage decode(String base64) {
        try {
            return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(base64)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The base64 PNG of a frame's picture. */
    static String png(MimeBundle frame) {
        String html = frame.get(MimeBundle.HTML);
        int start = html.indexOf("src=\"data:image/png;base64,");
        assertTrue(start > 0, "a frame holds its picture inline");
        start = html.indexOf(',', start) + 1;
        return html.substring(start, html.indexOf('"', start));
    }

    @Test
    void aFastRunIsDrawnAtTheFirstAndLastEpochOnlyAsOneDisplayUpdated() {
        Recorder display = new Recorder();
        Clock clock = new Clock();
        LiveTraining live = new LiveTraining(net(), MOONS, 100, display, () -> clock.now);
        for (int n = 1; n <= 100; n++) {
            clock.now += 1_000_000;                 // 1 ms per epoch: 0.1 s in all
            live.accept(epoch(n));
        }
        assertEquals(2, display.calls.size(), display.calls.toString());
        String id = display.calls.get(0).substring("send ".length());
        assertEquals(List.of("send " + id, "update " + id), display.calls);
        assertEquals("100 epochs in 0.1 s: cost 0.01, accuracy 50.0 %", display.bundles.get(1).text());
    }

    @Test
    void aSlowRunIsRedrawnAtMostEveryHalfSecondWithAProgressLine() {
        Recorder display = new Recorder();
        Clock clock = new Clock();
        LiveTraining live = new LiveTraining(net(), MOONS, 40, display, () -> clock.now);
        for (int n = 1; n <= 40; n++) {
            clock.now += 100_000_000;               // 0.1 s per epoch: 4 s in all
            live.accept(epoch(n));
        }
        // epoch 1, then every 5 epochs (0.5 s) from the last frame: 6, 11, …, 36, and the last, 40
        assertEquals(1 + 7 + 1, display.calls.size(), display.calls.toString());
        assertTrue(display.calls.subList(1, 9).stream().allMatch(c -> c.startsWith("update ")));
        assertEquals("epoch 1 of 40", display.bundles.get(0).text(), "no progress line in the first second");
        // the run began at 0.1 s − the first epoch's 0.01 s; at epoch 11 it is 1.1 s: 1.01 s so far,
        // and 29 epochs of 1.01 / 11 s are left: 2.66 s
        assertEquals("epoch 11 of 40: cost 0.0909091, accuracy 50.0 % · 1.0 s so far, about 2.7 s left",
                display.bundles.get(2).text());
        assertTrue(display.bundles.get(8).text().startsWith("40 epochs in 3.9 s"), display.bundles.get(8).text());
    }

    @Test
    void drawingNeverTakesMoreThanATenthOfTheRun() {
        Recorder display = new Recorder();
        Clock clock = new Clock();
        // a clock that jumps 0.2 s whenever a frame is drawn: reading it twice around a frame
        LiveTraining live;
        Display slow = new Recorder() {
            @Override
            public void update(MimeBundle bundle, String displayId) {
                super.update(bundle, displayId);
                clock.now += 200_000_000;
            }

            @Override
            public void send(MimeBundle bundle, String displayId) {
                super.send(bundle, displayId);
                clock.now += 200_000_000;
            }
        };
        live = new LiveTraining(net(), MOONS, 1000, slow, () -> clock.now);
        for (int n = 1; n <= 1000; n++) {
            clock.now += 10_000_000;                // 10 ms per epoch of training: 10 s
            live.accept(epoch(n));
        }
        int frames = ((Recorder) slow).calls.size();
        assertTrue(frames * 0.2 <= 0.1 * (10 + frames * 0.2) + 0.2 * 2,
                frames + " frames of 0.2 s each in a run of 10 s of training");
        assertTrue(frames >= 3, "still some frames: " + frames);
    }

    @Test
    void withoutADisplayThatUpdatesOnlyTheLastFrameIsShown() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Display text = new Display.TextDisplay(new PrintStream(out, true, StandardCharsets.UTF_8));
        LiveTraining live = new LiveTraining(net(), MOONS, 3, text, System::nanoTime);
        for (int n = 1; n <= 3; n++) {
            live.accept(epoch(n));
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("3 epochs in ") && printed.contains("cost 0.333333"), printed);
        assertEquals(1, printed.lines().count(), printed);
    }

    @Test
    void aRealRunShowsTheBoundaryForTwoInputsAndTheFramesChange() {
        Recorder display = new Recorder();
        Clock clock = new Clock();
        Network net = net();
        Sgd sgd = Sgd.eta(2).epochs(30).seed(1).onEpoch(
                new LiveTraining(net, MOONS, 30, display, () -> clock.now += 300_000_000));
        History h = sgd.train(net, MOONS);
        assertEquals(30, h.size());
        List<String> pictures = new ArrayList<>();
        for (MimeBundle b : display.bundles) {
            pictures.add(png(b));
            assertFalse(b.text().contains("No decision boundary"));
        }
        assertTrue(display.bundles.size() >= 3);
        assertNotEquals(pictures.get(0), pictures.get(pictures.size() - 1), "the picture changes as it learns");
        java.awt.image.BufferedImage last = decode(pictures.get(pictures.size() - 1));
        assertEquals(400 + 400 + 300, last.getWidth(), "cost, accuracy and the boundary side by side");
    }

    @Test
    void dataThatIsNot2DShowsTheCurvesAndSaysWhyThereIsNoBoundary() {
        DataSet xor3 = DataSet.of(new double[][] {{0, 0, 1}, {1, 1, 0}}, new double[][] {{1}, {0}});
        Network net = Network.sizes(3, 2, 1).seed(1).build();
        Recorder display = new Recorder();
        new LiveTraining(net, xor3, 1, display, System::nanoTime).accept(epoch(1));
        MimeBundle b = display.bundles.get(0);
        assertTrue(b.text().endsWith("No decision boundary: the data has 3 inputs, and a boundary is drawn only for 2."),
                b.text());
        assertEquals(800, decode(png(b)).getWidth());
    }

    @Test
    void trainingAgainWithTheSameSettingsStartsAFreshView() {
        Recorder display = new Recorder();
        Network net = net();
        Sgd watched = Sgd.eta(2).epochs(3).seed(1).onEpoch(new LiveTraining(net, MOONS, 3, display, System::nanoTime));
        watched.train(net, MOONS);
        watched.train(net, MOONS);
        assertEquals(4, display.calls.size(), display.calls.toString());
        assertTrue(display.calls.get(0).startsWith("send ") && display.calls.get(2).startsWith("send "));
        assertNotEquals(display.calls.get(0), display.calls.get(2), "each run has its own display");
        assertTrue(display.bundles.get(3).text().startsWith("3 epochs in "), display.bundles.get(3).text());
    }

    @Test
    void aDisplayThatFailsDoesNotStopTheTraining() {
        Recorder failing = new Recorder() {
            @Override
            public void send(MimeBundle bundle, String displayId) {
                throw new IllegalStateException("the kernel refused to display the output");
            }
        };
        Network net = net();
        java.io.PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            History h = Sgd.eta(2).epochs(5).seed(1)
                    .onEpoch(new LiveTraining(net, MOONS, 5, failing, System::nanoTime)).train(net, MOONS);
            assertEquals(5, h.size(), "every epoch ran");
        } finally {
            System.setErr(err);
        }
        assertEquals("live view: the kernel refused to display the output; training goes on without it\n",
                said.toString(StandardCharsets.UTF_8), "said once");
    }

    @Test
    void watchingDataThatDoesNotFitTheNetworkIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiveTraining.watch(Sgd.eta(1), Network.sizes(3, 2, 1).build(), MOONS));
        assertTrue(e.getMessage().contains("watched data has 2 inputs"), e.getMessage());
    }
}
