package org.dfmvr.bench.fastcpu;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Median wall time, and median process CPU time (all threads, including ND4J's native OpenMP threads), of an
 * operation over a fixed number of timed runs after untimed warm-up runs. The machine is shared, so every result
 * also states the load average: wall time is what a user waits, CPU time is less sensitive to other processes.
 */
final class MedianTimer {
    static final int WARMUP = 3;
    static final int RUNS = 11;

    /**
     * One measured operation, milliseconds: median wall and median process CPU time; also the best (minimum) wall
     * time and the mean CPU time (total over all timed runs / runs: finer than the per-run CPU clock, which on this
     * machine ticks in 10 ms steps).
     */
    record Timing(double wallMs, double cpuMs, double bestWallMs, double meanCpuMs) {
    }

    private MedianTimer() {
    }

    /** Medians of {@link #RUNS} timed runs after {@link #WARMUP} warm-up runs. */
    static Timing time(Runnable op) {
        return time(op, WARMUP, RUNS);
    }

    /** Medians of {@code runs} timed runs after {@code warmup} warm-up runs. */
    static Timing time(Runnable op, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            op.run();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
        }
        double totalCpu = Arrays.stream(cpu).sum();
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Timing(wall[runs / 2], cpu[runs / 2], wall[0], totalCpu / runs);
    }

    /** Median wall time of {@link #time(Runnable)}, ms. */
    static double medianMs(Runnable op) {
        return time(op).wallMs();
    }

    /** "load average 1, 5, 15 min" from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    /** The CPU model line of /proc/cpuinfo, or "unknown". */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
