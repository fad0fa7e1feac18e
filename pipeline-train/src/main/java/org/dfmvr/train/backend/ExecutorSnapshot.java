package org.dfmvr.train.backend;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * What one executor reports at an epoch end.
 *
 * @param params          copy of the executor model's flattened parameters, shape [P] (P = number of parameters of
 *                        the graph, DL4J's flattening order), or {@code null} where the executor holds no model
 * @param iterations      the executor model's iteration counter (minibatches fitted since training began); -1 if none
 * @param batches         minibatches fitted since the previous snapshot (from {@link CountingListener})
 * @param samples         examples in those minibatches
 * @param updatesReceived encoded updates its parameter-server node received since it started; -1 if none
 */
record ExecutorSnapshot(INDArray params, long iterations, long batches, long samples, long updatesReceived)
        implements Serializable {

    /** Taken on the executor running it: the parameter server's state plus this run's counters. */
    static ExecutorSnapshot ofParameterServer(String runId) {
        long[] counts = WorkerCounters.take(runId);
        var model = SharedWrapperAccess.executorModel();
        return new ExecutorSnapshot(model == null ? null : model.params().dup(),
                model == null ? -1 : model.getIterationCount(), counts[0], counts[1],
                SharedWrapperAccess.executorUpdatesReceived());
    }

    /** Taken on the executor running it: only this run's counters (backends without resident executor models). */
    static ExecutorSnapshot ofCounters(String runId) {
        long[] counts = WorkerCounters.take(runId);
        return new ExecutorSnapshot(null, -1, counts[0], counts[1], -1);
    }
}
