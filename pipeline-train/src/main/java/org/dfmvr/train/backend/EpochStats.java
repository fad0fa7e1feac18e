package org.dfmvr.train.backend;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Per-epoch statistics collected from the executors themselves (not from the driver's bookkeeping).
 *
 * @param epoch                     0-based epoch index
 * @param perExecutor               Spark executor id to what that executor did in this epoch
 * @param updatesReceivedByDriver   encoded gradient updates the driver's parameter-server node received in this
 *                                  epoch; empty where the backend exchanges no updates (parameter averaging)
 * @param executorSpreadBeforeSync  before the epoch-end resynchronisation: the largest relative L2 distance
 *                                  ||w_e - mean|| / ||mean|| of an executor's parameters from the executors' mean;
 *                                  empty when not measured
 * @param driverLagBeforeSync       before the resynchronisation: ||w_driver - mean|| / ||mean||, how far the stock
 *                                  returned model was from the executors' mean; empty when not measured
 * @param seconds                   wall-clock seconds of the epoch including the resynchronisation
 */
public record EpochStats(int epoch, Map<String, ExecutorEpoch> perExecutor, OptionalLong updatesReceivedByDriver,
                         OptionalDouble executorSpreadBeforeSync, OptionalDouble driverLagBeforeSync, double seconds) {
    public EpochStats {
        perExecutor = Map.copyOf(perExecutor);
    }

    /** Minibatches over all executors. */
    public long totalBatches() {
        return perExecutor.values().stream().mapToLong(ExecutorEpoch::batches).sum();
    }

    /**
     * What one executor did in one epoch.
     *
     * @param batches         minibatches it fitted (counted by a training listener on the executor's model)
     * @param samples         examples in those minibatches
     * @param updatesReceived encoded updates its parameter-server node received from the other nodes this epoch;
     *                        -1 where not applicable (parameter averaging)
     * @param memory          the executor JVM's memory at the epoch end
     */
    public record ExecutorEpoch(long batches, long samples, long updatesReceived, JvmMemory memory) {
    }
}
