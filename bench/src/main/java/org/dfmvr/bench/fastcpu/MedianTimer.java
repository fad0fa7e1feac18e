package org.dfmvr.bench.fastcpu;

import java.util.Arrays;

/** Median wall time of an operation over a fixed number of timed runs after untimed warm-up runs. */
final class MedianTimer {
    static final int WARMUP = 3;
    static final int RUNS = 11;

    private MedianTimer() {
    }

    /** Median of {@link #RUNS} timed runs after {@link #WARMUP} warm-up runs, in milliseconds. */
    static double medianMs(Runnable op) {
        return medianMs(op, WARMUP, RUNS);
    }

    static double medianMs(Runnable op, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    /** "load average: 1, 5, 15 min" from /proc/loadavg: the machine is shared, so every result states it. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return "load average " + f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "load average unknown";
        }
    }

    /** The CPU model line of /proc/cpuinfo, or "unknown". */
    static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
