package org.dfmvr.train.backend;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * What one executor reports at an epoch end. A final class rather than a record because Spark's Kryo (2.x/4.x field
 * serializer) cannot write record fields.
 */
final class ExecutorSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;
    private final INDArray params;
    private final long batches;
    private final long samples;
    private final long updatesReceived;
    private final long[] memory;
    private final long iteration;

    /**
     * @param params          copy of the executor model's flattened parameters, shape [P] (P = number of parameters
     *                        of the graph, DL4J's flattening order), or {@code null} where the executor holds no model
     * @param batches         minibatches fitted since the previous snapshot (from {@link CountingListener})
     * @param samples         examples in those minibatches
     * @param updatesReceived encoded updates its parameter-server node received from the mesh since
     *                        {@link MeshUpdateCounter} subscribed (its first minibatch); -1 if none
     * @param memory          the executor JVM's memory when the snapshot was taken
     * @param iteration       the executor model's optimiser step count (what Adam's bias correction reads), -1 where
     *                        the executor holds no model
     */
    ExecutorSnapshot(INDArray params, long batches, long samples, long updatesReceived, JvmMemory memory,
                     long iteration) {
        this.params = params;
        this.batches = batches;
        this.samples = samples;
        this.updatesReceived = updatesReceived;
        this.memory = memory.toArray();
        this.iteration = iteration;
    }

    /** Taken on the executor running it: the parameter server's state plus this run's counters. */
    static ExecutorSnapshot ofParameterServer(String runId) {
        long[] counts = WorkerCounters.take(runId);
        var model = SharedWrapperAccess.executorModel();
        // the node's embedded Aeron media driver runs now: its /dev/shm folder is removed when this JVM ends
        org.dfmvr.doctor.AeronFolders.deleteOwnAtExit();
        return new ExecutorSnapshot(model == null ? null : model.params().dup(), counts[0], counts[1],
                MeshUpdateCounter.received(), JvmMemory.ofThisJvm(),
                model == null ? -1 : model.getConfiguration().getIterationCount());
    }

    /** Taken on the executor running it: only this run's counters (backends without resident executor models). */
    static ExecutorSnapshot ofCounters(String runId) {
        long[] counts = WorkerCounters.take(runId);
        return new ExecutorSnapshot(null, counts[0], counts[1], -1, JvmMemory.ofThisJvm(), -1);
    }

    INDArray params() {
        return params;
    }

    long batches() {
        return batches;
    }

    long samples() {
        return samples;
    }

    long updatesReceived() {
        return updatesReceived;
    }

    long iteration() {
        return iteration;
    }

    JvmMemory memory() {
        return JvmMemory.of(memory);
    }
}
