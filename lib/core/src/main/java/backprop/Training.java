package backprop;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A training run's hold on its network, so that a network trains in one run at a time:
 * {@link Network#startTraining} takes it for the calling thread, or fails at once when another
 * run holds it; {@link #close} lets go. {@link Sgd#train} holds it while it runs, and so does a
 * second implementation of training.
 *
 * <p>A thread that ends without letting go (a notebook cell stopped mid-run) holds nothing: the
 * next run takes the network over.
 */
public final class Training implements AutoCloseable {

    private static final String NOT_THREAD_SAFE = "a Network is not thread-safe";

    private final AtomicReference<Thread> trainer; // the network's: the thread training it, or null
    private final Thread owner;

    private Training(AtomicReference<Thread> trainer, Thread owner) {
        this.trainer = trainer;
        this.owner = owner;
    }

    /** Makes the calling thread the network's trainer, or fails naming the thread that is. */
    static Training start(AtomicReference<Thread> trainer) {
        Thread me = Thread.currentThread();
        while (!trainer.compareAndSet(null, me)) {
            Thread other = trainer.get();
            if (other != null && !other.isAlive()) {
                trainer.compareAndSet(other, null);                // it died training
            } else if (other != null) {
                String by = other == me ? "this thread (\"" + me.getName() + "\"), by the run that "
                        + "called this one" : "thread \"" + other.getName() + "\"";
                throw new IllegalStateException("this network is already being trained by " + by + ": "
                        + NOT_THREAD_SAFE + ", so it trains in one run at a time; to train on several "
                        + "threads, give each its own copy()");
            }
        }
        return new Training(trainer, me);
    }

    /** Fails when a thread other than the calling one is training the network. */
    static void checkNotTrainingElsewhere(AtomicReference<Thread> trainer, int layer) {
        Thread other = trainer.get();
        if (other != null && other != Thread.currentThread() && other.isAlive()) {
            throw new IllegalStateException("layer " + layer + " cannot be replaced while thread \""
                    + other.getName() + "\" trains this network: " + NOT_THREAD_SAFE);
        }
    }

    /** Lets go of the network; closing twice does nothing more. */
    @Override
    public void close() {
        trainer.compareAndSet(owner, null);
    }
}
