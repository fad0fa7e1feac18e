package org.dfmvr.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Fails a training epoch with a diagnosis when no training step completes for {@code timeout}, instead of letting the
 * job hang (a parameter-server mesh that never forms, a worker stuck in native code, executors that never start).
 *
 * <p>Progress is a completed training step in this JVM ({@link #tick()}, called by {@link TrainingGuard} after every
 * step, so in local mode every step counts) or a finished Spark task of the context (on a cluster the driver only sees
 * executors' progress at task ends). On timeout it cancels the epoch's Spark jobs (interrupting their tasks) and
 * interrupts the waiting thread; the epoch then fails with a {@link StepTimeoutException}.
 */
public final class StepWatchdog implements AutoCloseable {
    private static final AtomicLong LAST_STEP = new AtomicLong(System.nanoTime());
    private final JavaSparkContext sc;
    private final Duration timeout;
    private final String diagnosis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dfmvr-step-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final SparkListener taskEnds = new SparkListener() {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            tick();
        }
    };

    /** The epoch failed because no step completed in time; the message says what to check. */
    public static final class StepTimeoutException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StepTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param diagnosis what to check, appended to the failure message (e.g. the parameter-server port and mask) */
    public StepWatchdog(JavaSparkContext sc, Duration timeout, String diagnosis) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.sc = sc;
        this.timeout = timeout;
        this.diagnosis = diagnosis;
        sc.sc().addSparkListener(taskEnds);
    }

    /** Records that a training step completed in this JVM. */
    public static void tick() {
        LAST_STEP.set(System.nanoTime());
    }

    /** Runs {@code epoch} (which submits Spark jobs from this thread) under the watchdog. */
    public <T> T run(Supplier<T> epoch) {
        String group = "dfmvr-train-" + UUID.randomUUID();
        Thread caller = Thread.currentThread();
        AtomicBoolean fired = new AtomicBoolean();
        long start = System.nanoTime();
        long period = Math.max(20, Math.min(5_000, timeout.toMillis() / 4));
        ScheduledFuture<?> check = timer.scheduleAtFixedRate(() -> {
            long idle = System.nanoTime() - Math.max(start, LAST_STEP.get());
            if (idle > timeout.toNanos() && fired.compareAndSet(false, true)) {
                sc.cancelJobGroup(group);
                caller.interrupt();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        sc.setJobGroup(group, "training epoch under a " + timeout.toSeconds() + " s step watchdog", true);
        try {
            T result = epoch.get();
            if (fired.get()) { // the interrupt may land after the epoch finished: then it is a success
                Thread.interrupted();
            }
            return result;
        } catch (RuntimeException e) {
            if (fired.get()) {
                throw new StepTimeoutException(message(), e);
            }
            throw e;
        } finally {
            check.cancel(false);
            sc.clearJobGroup();
            if (fired.get()) {
                Thread.interrupted();
            }
        }
    }

    private String message() {
        String seconds = java.math.BigDecimal.valueOf(timeout.toMillis()).movePointLeft(3).stripTrailingZeros()
                .toPlainString();
        return String.format(Locale.ROOT, "no training step completed in %s s (dfmvr.train.watchdog.step-timeout); "
                + "the epoch was cancelled. %s", seconds, diagnosis);
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(taskEnds);
        timer.shutdownNow();
    }
}
