package org.dfmvr.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Logs a long stage's progress at a fixed interval, {@code <job> <stage>: done/total (pct) rate/s ETA}, from a counter
 * the work updates (e.g. a Spark accumulator read on the driver). Close it to log the final line.
 */
public final class ProgressLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("org.dfmvr.progress");

    private final String stage;
    private final long total;
    private final LongSupplier done;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;

    public ProgressLog(String stage, long total, String unit, LongSupplier done, Duration interval) {
        this.stage = stage;
        this.total = total;
        this.unit = unit;
        this.done = done;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-" + stage);
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(100, interval.toMillis());
        timer.scheduleAtFixedRate(() -> LOG.info(line()), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The current progress line (also what is logged). */
    public String line() {
        long n = done.getAsLong();
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = secs > 0 ? n / secs : 0;
        String eta = rate > 0 && total > n ? formatSeconds((total - n) / rate) : "-";
        return String.format(Locale.ROOT, "%s: %d/%d %s (%.0f%%), %.2f %s/s, elapsed %s, ETA %s", stage, n, total, unit,
                total > 0 ? 100.0 * n / total : 100.0, rate, unit, formatSeconds(secs), eta);
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
                : t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        LOG.info(line());
    }
}
