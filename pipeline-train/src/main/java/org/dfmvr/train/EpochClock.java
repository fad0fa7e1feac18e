package org.dfmvr.train;

/**
 * The training epoch as the train job counts it, per JVM, for {@link ConstantThenCosineSchedule}.
 *
 * <p>Why not DL4J's own epoch count: on the parameter-server path each executor's model counts one "epoch" per
 * {@code fit} call, and {@code SharedTrainingWrapper} calls {@code fit} once per batch (measured: after the first
 * epoch of 3 batches the executor and driver graphs were at epoch 3), so a per-epoch schedule read from it drops to
 * its floor after the first epoch. The train job instead sets this clock on the driver and, through the epoch's batch
 * RDD, on every executor that trains a batch of that epoch ({@link #stamp}); the schedule reads it when set and falls
 * back to DL4J's count otherwise (a graph used outside the train job). One training run per JVM, as Spark executors of
 * one application are.
 */
public final class EpochClock {
    private static volatile int current = -1;

    private EpochClock() {
    }

    /** Sets the epoch in this JVM; {@code epoch >= 0}. */
    public static void set(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        current = epoch;
    }

    /** The epoch the train job set in this JVM, or {@code dl4jEpoch} when it set none. */
    public static int or(int dl4jEpoch) {
        int e = current;
        return e >= 0 ? e : dl4jEpoch;
    }

    /** Forgets the epoch (tests, and a driver that finished its run). */
    public static void clear() {
        current = -1;
    }

    /** {@code batches} that set the clock to {@code epoch} on the executor before it hands out each batch. */
    public static <T> org.apache.spark.api.java.JavaRDD<T> stamp(org.apache.spark.api.java.JavaRDD<T> batches,
                                                                 int epoch) {
        return batches.map(b -> {
            set(epoch);
            return b;
        });
    }
}
