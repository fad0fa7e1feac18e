package org.dfmvr.train;

/**
 * Where a training run is, saved with every checkpoint so {@code --resume} continues the same schedule.
 *
 * @param epoch          completed epochs
 * @param step           completed optimiser steps (minibatches), over all epochs
 * @param configHocon    the effective configuration of the run, HOCON ({@code dfmvr.*})
 * @param faceModel      the morphable model spec the graph was trained against, e.g. {@code synthface}
 * @param bestValidation the best validation loss so far ({@code NaN} when none was computed)
 * @param runId          the run's id, a UUID drawn when the run started fresh and kept by every resume ({@code null}
 *                       in checkpoints written before run ids)
 * @param iteration      the optimiser's step count as Adam's bias correction reads it (the training model's, which on
 *                       the parameter server is the executors' rather than the driver's); 0 where unknown
 *                       (checkpoints written before it was kept), which then resume with the graph's own count
 */
public record TrainState(int epoch, long step, String configHocon, String faceModel, double bestValidation,
                         String runId, long iteration) {
    public TrainState {
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("epoch and step must be >= 0, got " + epoch + ", " + step);
        }
    }
}
