package org.dfmvr.train.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-JVM counters of fitted minibatches and examples, one pair per backend run id. Incremented on the executors by
 * {@link CountingListener}; read and reset once per executor and epoch by {@link ExecutorProbe}. Static because the
 * models the training masters keep on an executor outlive the Spark tasks that created them (a Spark accumulator
 * captured by a listener stops reporting after its first task).
 */
final class WorkerCounters {
    /** Run id to {batches, examples}. */
    private static final Map<String, AtomicLongArray> COUNTS = new ConcurrentHashMap<>();

    private WorkerCounters() {
    }

    static void add(String runId, long examples) {
        AtomicLongArray c = COUNTS.computeIfAbsent(runId, k -> new AtomicLongArray(2));
        c.incrementAndGet(0);
        c.addAndGet(1, examples);
    }

    /** {batches, examples} counted since the last call for this run, then reset to zero. */
    static long[] take(String runId) {
        AtomicLongArray c = COUNTS.computeIfAbsent(runId, k -> new AtomicLongArray(2));
        return new long[] {c.getAndSet(0, 0), c.getAndSet(1, 0)};
    }
}
