package org.dfmvr.train.backend;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Training listener shipped to the executors: counts each fitted minibatch and its examples in {@link WorkerCounters}
 * of the executor JVM. This is the executors' own account of who trained on what, independent of how a training
 * master splits or repartitions the RDD.
 */
final class CountingListener implements TrainingListener, Serializable {
    private static final long serialVersionUID = 1L;
    private final String runId;
    private final boolean countMeshUpdates;

    /** @param countMeshUpdates also subscribe {@link MeshUpdateCounter} (parameter-server training only) */
    CountingListener(String runId, boolean countMeshUpdates) {
        this.runId = runId;
        this.countMeshUpdates = countMeshUpdates;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        WorkerCounters.add(runId, model.batchSize());
        if (countMeshUpdates) {
            MeshUpdateCounter.subscribeOnce();
        }
    }

    @Override
    public void onEpochStart(Model model) {
        // counted per iteration only
    }

    @Override
    public void onEpochEnd(Model model) {
        // counted per iteration only
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        // counted per iteration only
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        // counted per iteration only
    }

    @Override
    public void onGradientCalculation(Model model) {
        // counted per iteration only
    }

    @Override
    public void onBackwardPass(Model model) {
        // counted per iteration only
    }
}
