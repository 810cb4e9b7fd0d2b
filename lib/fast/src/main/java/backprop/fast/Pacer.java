package backprop.fast;

/**
 * Decides, a window of mini-batches at a time, whether the helper thread takes part. On a quiet
 * machine two threads are faster; on a busy one the helper may wait for a core while the caller
 * waits for it, and one thread is faster. So the pacer times both: it tries each way first, then
 * keeps to the faster one, trying the other again every few windows in case the machine has
 * changed. The weights do not depend on this choice, only the speed does.
 */
final class Pacer {

    static final int WINDOW = 32;        // mini-batches timed together
    static final int RETRY_EVERY = 32;   // windows: the slower way costs a thirty-second of the time

    private double together = Double.NaN; // smoothed nanoseconds per mini-batch, each way
    private double alone = Double.NaN;
    private boolean current = true;
    private int batches;
    private long nanos;
    private int windows;

    /** Whether the next mini-batch is shared between the two threads. */
    boolean together() {
        return current;
    }

    void record(boolean wasTogether, long batchNanos) {
        nanos += batchNanos;
        if (++batches < WINDOW) {
            return;
        }
        double perBatch = (double) nanos / batches;
        if (wasTogether) {
            together = Double.isNaN(together) ? perBatch : (together + perBatch) / 2;
        } else {
            alone = Double.isNaN(alone) ? perBatch : (alone + perBatch) / 2;
        }
        batches = 0;
        nanos = 0;
        windows++;
        boolean faster = !Double.isNaN(alone) && (Double.isNaN(together) || together <= alone);
        current = windows % RETRY_EVERY == 0 ? !faster : faster;
    }
}
