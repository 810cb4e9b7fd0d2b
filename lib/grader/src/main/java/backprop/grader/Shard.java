package backprop.grader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One of N stable slices of a class, for grading on many machines at once: a student belongs to
 * shard {@code index} (0 ≤ index < count) by a hash of the name the grader knows them by, so a
 * student's notebooks always land in the same shard, however the submissions are listed or how
 * often the grading is run again. {@code ./lab grade --shard i/N} grades one slice; a job array
 * runs one per task (Slurm's SLURM_ARRAY_TASK_ID, Kubernetes' JOB_COMPLETION_INDEX).
 */
record Shard(int index, int count) {

    /** Every submission: the whole class in one run. */
    static final Shard ALL = new Shard(0, 1);

    Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is i/N with 0 ≤ i < N, got " + index + "/" + count);
        }
    }

    /** Reads "i/N" (as Slurm and Kubernetes number their tasks: from 0). */
    static Shard parse(String spec) {
        String[] parts = spec.split("/", -1);
        if (parts.length == 2) {
            try {
                int i = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (n < 1 || i < 0 || i >= n) {
                    throw new IllegalArgumentException("--shard " + spec + ": the shard must be i/N with N ≥ 1 "
                            + "and 0 ≤ i < N (shards are numbered from 0, as job arrays number their tasks)");
                }
                return new Shard(i, n);
            } catch (NumberFormatException ignored) {
                // below
            }
        }
        throw new IllegalArgumentException("--shard " + spec + ": the shard must be i/N, two whole numbers "
                + "such as 0/4 (the first of four)");
    }

    /** True when {@code student}'s notebooks are this shard's. */
    boolean has(String student) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(student.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (h[i] & 0xff);
            }
            return Math.floorMod(value, (long) count) == index;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
