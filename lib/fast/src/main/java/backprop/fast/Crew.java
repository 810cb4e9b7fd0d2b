package backprop.fast;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The calling thread and one helper thread, sharing the two parts of each phase. The caller
 * publishes a phase; each thread claims a part (the caller part 0, the helper part 1), does
 * it, then claims the other part if nobody has yet; the phase is over when both parts are
 * done. So when the helper is late (asleep, or its core busy with another program) the
 * caller does both parts rather than wait. A claim is one compare-and-set, so each part runs
 * exactly once. Waiting threads spin for a few microseconds (a phase of the workload lasts
 * tens of them; waking a parked thread takes longer), then park, so a helper between epochs
 * gives its core away. Nothing here allocates.
 */
final class Crew implements AutoCloseable {

    /** Part p of a phase, for a mini-batch of m examples: the work the two threads share. */
    interface Work {
        void run(Phase phase, int p, int m);
    }

    private static final long SPIN_NANOS = 50_000;

    private final Work work;
    private final AtomicLong[] claimed = {new AtomicLong(-1), new AtomicLong(-1)};
    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<Thread> callerParked = new AtomicReference<>();
    private final AtomicReference<Thread> helperParked = new AtomicReference<>();
    private final Thread helper;
    private volatile long published = -1;
    private volatile boolean closing;
    private volatile Throwable failure;
    // The published phase's work; written before the volatile write of published.
    private Phase phase;
    private int m;
    private long count = -1; // phases published so far − 1 (caller only)

    Crew(Work work) {
        this.work = work;
        helper = new Thread(this::helperLoop, "backprop-sgd-helper");
        helper.setDaemon(true);
        helper.start();
    }

    /** Runs one phase on both threads; returns when both parts are done. */
    void run(Phase phase, int m) {
        long k = ++count;
        this.phase = phase;
        this.m = m;
        published = k;
        wake(helperParked);
        tryPart(k, 0);
        tryPart(k, 1);
        long target = 2 * (k + 1);
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (done.get() < target) {
            if (failure != null) {
                throw new IllegalStateException("the training helper thread failed", failure);
            }
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                callerParked.set(Thread.currentThread());
                if (done.get() < target && failure == null) {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
                callerParked.set(null);
            }
        }
    }

    /** Part p of phase k, unless the other thread has claimed it. */
    private void tryPart(long k, int p) {
        if (claimed[p].compareAndSet(k - 1, k)) {
            work.run(phase, p, m);
            done.incrementAndGet();
            wake(callerParked);
        }
    }

    private void helperLoop() {
        long seen = -1;
        try {
            while (!closing) {
                long k = published;
                if (k != seen) {
                    seen = k;
                    tryPart(k, 1);
                    tryPart(k, 0);
                    continue;
                }
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (published == seen && !closing) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        helperParked.set(Thread.currentThread());
                        if (published == seen && !closing) {
                            LockSupport.parkNanos(this, 50_000_000L);
                        }
                        helperParked.set(null);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
            wake(callerParked);
        }
    }

    private void wake(AtomicReference<Thread> parked) {
        Thread t = parked.get();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void close() {
        closing = true;
        wake(helperParked);
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
