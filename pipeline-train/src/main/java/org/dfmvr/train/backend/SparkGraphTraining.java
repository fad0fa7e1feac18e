package org.dfmvr.train.backend;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The part of a training backend that does not depend on how the executors share updates: the driver's
 * {@link SparkComputationGraph} under the backend's training master, with the caller's listeners and a
 * {@link CountingListener} for this run, and an epoch's fit followed by a snapshot of every executor. The backends
 * differ in their training master and in what they make of the snapshots.
 */
final class SparkGraphTraining {
    /** Probe rounds allowed for every executor to answer. */
    static final int PROBE_ATTEMPTS = 8;

    private final String backendName;
    private final JavaSparkContext sc;
    private final SparkComputationGraph spark;
    private final String runId = UUID.randomUUID().toString();
    private final boolean parameterServer;

    /**
     * @param backendName     the backend's {@link TrainingBackend#name()}, for failure reports
     * @param listeners       shipped to the executors with the model (serializable)
     * @param parameterServer the executors hold parameter-server models: count their mesh updates and snapshot their
     *                        parameters
     */
    SparkGraphTraining(String backendName, JavaSparkContext sc, ComputationGraph model, TrainingMaster<?, ?> master,
                       List<? extends TrainingListener> listeners, boolean parameterServer) {
        this.backendName = backendName;
        this.sc = sc;
        this.parameterServer = parameterServer;
        this.spark = new SparkComputationGraph(sc, model, master);
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(new CountingListener(runId, parameterServer));
        this.spark.setListeners(all);
    }

    /**
     * Fits {@code batches} once, then takes every executor's snapshot of this run.
     *
     * @param epoch the backend's epoch number, for the failure report
     * @throws EpochFailedException if the fit fails
     */
    Map<String, ExecutorSnapshot> fitThenSnapshot(JavaRDD<MultiDataSet> batches, int epoch) {
        try {
            spark.fitMultiDataSet(batches);
        } catch (Exception e) { // Spark's SparkException is checked in Java terms but thrown undeclared
            throw new EpochFailedException(backendName, epoch, ExecutorProbe.executorIds(sc), e);
        }
        String run = runId; // the probe action is shipped to the executors: capture the id, not this object
        ExecutorProbe.Action<ExecutorSnapshot> snapshot = parameterServer
                ? () -> ExecutorSnapshot.ofParameterServer(run)
                : () -> ExecutorSnapshot.ofCounters(run);
        return ExecutorProbe.onEveryExecutor(sc, snapshot, PROBE_ATTEMPTS);
    }

    /** The driver's model. */
    ComputationGraph network() {
        return spark.getNetwork();
    }
}
