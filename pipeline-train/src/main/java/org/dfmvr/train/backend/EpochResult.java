package org.dfmvr.train.backend;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One epoch's outcome.
 *
 * @param model the driver's model after the epoch (the live instance the backend trains, not a copy)
 * @param stats what the executors reported for this epoch
 */
public record EpochResult(ComputationGraph model, EpochStats stats) {
}
