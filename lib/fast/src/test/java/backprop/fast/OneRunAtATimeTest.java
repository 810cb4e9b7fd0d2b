package backprop.fast;

import backprop.DataSet;
import backprop.History;
import backprop.Network;
import backprop.Sgd;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FastSgd holds the network while it trains, as Sgd.train does: a second run fails at once. */
class OneRunAtATimeTest {

    static final DataSet DATA = DataSet.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new double[][] {{0}, {1}, {1}, {0}});

    @Test
    void aNetworkThatFastSgdTrainsCannotBeTrainedByAnotherThread() throws InterruptedException {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sgd held = Sgd.eta(0.5).batchSize(2).epochs(3).onEpoch(e -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicReference<History> first = new AtomicReference<>();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            try {
                first.set(FastSgd.of(held).train(net, DATA));
            } catch (Throwable t) {
                firstFailure.set(t);
            }
        }, "fast trainer");
        trainer.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));

        AtomicReference<Throwable> byFast = new AtomicReference<>();
        AtomicReference<Throwable> byReadable = new AtomicReference<>();
        Thread second = new Thread(() -> {
            byFast.set(failure(() -> FastSgd.of(Sgd.eta(1)).train(net, DATA)));
            byReadable.set(failure(() -> Sgd.eta(1).train(net, DATA)));
        }, "second trainer");
        second.start();
        second.join(10_000);
        release.countDown();
        trainer.join(10_000);

        String busy = "this network is already being trained by thread \"fast trainer\": a Network is "
                + "not thread-safe, so it trains in one run at a time; to train on several threads, "
                + "give each its own copy()";
        for (Throwable t : new Throwable[] {byFast.get(), byReadable.get()}) {
            assertEquals(IllegalStateException.class, t.getClass());
            assertEquals(busy, t.getMessage());
        }
        assertNull(firstFailure.get());
        assertEquals(3, first.get().size(), "the first run trained all its epochs");
        assertEquals(2, FastSgd.of(Sgd.eta(1).epochs(2)).train(net, DATA).size(), "and then let go");
    }

    static Throwable failure(Runnable run) {
        try {
            run.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
