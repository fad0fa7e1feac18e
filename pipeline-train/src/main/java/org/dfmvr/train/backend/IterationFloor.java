package org.dfmvr.train.backend;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.io.Serializable;

/**
 * Shipped to the parameter-server executors with the model: before a fit, raises the model's optimiser step count to
 * at least the count the run started from. DL4J's {@code SharedTrainingWrapper} builds an executor's model with the
 * mesh's start position (step 0 outside a fail-over) instead of the broadcast graph's count, so a resumed run's
 * executors would restart Adam's bias correction (step 1 instead of, e.g., 21: a first step about twice as large as
 * the uninterrupted run's) with the checkpoint's moments. Later fits only count up from there, so this acts once.
 */
final class IterationFloor extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int floor;

    IterationFloor(int floor) {
        this.floor = floor;
    }

    @Override
    public void onEpochStart(Model model) {
        if (model instanceof ComputationGraph graph && graph.getConfiguration().getIterationCount() < floor) {
            graph.getConfiguration().setIterationCount(floor);
        }
    }
}
