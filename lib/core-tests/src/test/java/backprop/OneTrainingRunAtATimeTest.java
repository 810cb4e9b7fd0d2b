package backprop;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network trains in one run at a time: a second run, from another thread or from a listener of
 * the first, fails at once, rather than both running and one losing the other's epochs.
 */
class OneTrainingRunAtATimeTest {

    static final DataSet DATA = PracticeQuestionsTest.DATA;

    /**
     * Starts {@code train} on thread "first trainer", holds it inside its first epoch's listener,
     * runs {@code second} on thread "second trainer" meanwhile, then lets the first finish.
     * Returns what the second run threw; the first must have trained all its epochs.
     */
    static Throwable whileAnotherThreadTrains(Network net,
                                              BiFunction<Sgd, Network, History> train,
                                              Runnable second) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<History> firstRun = new AtomicReference<>();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Sgd sgd = Sgd.eta(0.5).batchSize(2).epochs(3).onEpoch(e -> {
            inside.countDown();
            awaitQuietly(release);
        });
        Thread first = new Thread(() -> {
            try {
                firstRun.set(train.apply(sgd, net));
            } catch (Throwable t) {
                firstFailure.set(t);
            }
        }, "first trainer");
        first.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS), "the first run reached its first epoch's end");
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                second.run();
            } catch (Throwable t) {
                secondFailure.set(t);
            }
        }, "second trainer");
        other.start();
        other.join(10_000);
        release.countDown();
        first.join(10_000);
        assertNull(firstFailure.get(), "the first run went on undisturbed");
        assertEquals(3, firstRun.get().size(), "the first run trained all its epochs");
        assertNotNull(secondFailure.get(), "the second run failed");
        return secondFailure.get();
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final String BUSY = "this network is already being trained by thread \"first trainer\": a "
            + "Network is not thread-safe, so it trains in one run at a time; to train on several "
            + "threads, give each its own copy()";

    @Test
    void aSecondThreadCannotTrainANetworkThatIsTraining() throws InterruptedException {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        Throwable second = whileAnotherThreadTrains(net, (sgd, n) -> sgd.train(n, DATA),
                () -> Sgd.eta(1).epochs(5).train(net, DATA));
        assertEquals(IllegalStateException.class, second.getClass());
        assertEquals(BUSY, second.getMessage());
        assertEquals(3, Sgd.eta(1).epochs(3).train(net, DATA).size(), "once it is done, it trains again");
    }

    @Test
    void norCanItStepTheNetworkWhileItTrains() throws InterruptedException {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        Gradients g = net.copy().backprop(DATA.x(), DATA.y(), Cost.QUADRATIC);
        Throwable second = whileAnotherThreadTrains(net, (sgd, n) -> sgd.train(n, DATA),
                () -> Sgd.eta(1).step(net, g));
        assertEquals(IllegalStateException.class, second.getClass());
        assertEquals("layer 1 cannot be replaced while thread \"first trainer\" trains this network: "
                + "a Network is not thread-safe", second.getMessage());
    }

    @Test
    void aListenerCannotTrainTheNetworkItListensTo() {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        Sgd nested = Sgd.eta(1).onEpoch(e -> Sgd.eta(1).train(net, DATA));
        var e = assertThrows(IllegalStateException.class, () -> nested.train(net, DATA));
        assertEquals("this network is already being trained by this thread (\"" + Thread.currentThread().getName()
                + "\"), by the run that called this one: a Network is not thread-safe, so it trains in "
                + "one run at a time; to train on several threads, give each its own copy()", e.getMessage());
        assertEquals(1, Sgd.eta(1).train(net, DATA).size(), "the failed run let go of the network");
    }

    @Test
    void aThreadThatDiedTrainingHoldsNothing() throws InterruptedException {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        Thread holder = new Thread(net::startTraining, "held and gone"); // never closes its hold
        holder.start();
        holder.join();
        assertEquals(1, Sgd.eta(1).train(net, DATA).size());
    }
}
