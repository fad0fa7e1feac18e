package org.dfmvr.train.backend;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.parameterserver.networking.v2.UpdatesConsumer;
import org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads DL4J parameter-server state that 1.0.0-M2 keeps in non-public fields (checked with javap against
 * dl4j-spark-parameterserver_2.12-1.0.0-M2; the names must be re-checked on any DL4J upgrade):
 * <ul>
 *   <li>executor side, {@code SharedTrainingWrapper.INSTANCE.originalModel}: the model an executor trains; with one
 *       worker per node it is created in the first epoch and reused in every later one (the model the driver
 *       broadcasts at later epochs is ignored), so it is the executor's real training state;</li>
 *   <li>{@code SharedTrainingMaster.updatesConsumer.updatesCount}: encoded updates the driver's node received from
 *       the mesh since it started (the executors' consumers do not count, see {@link MeshUpdateCounter}).</li>
 * </ul>
 */
final class SharedWrapperAccess {
    private SharedWrapperAccess() {
    }

    /** The executor's training model, or {@code null} where this JVM has not trained yet. */
    static ComputationGraph executorModel() {
        Object wrapper = field(SharedTrainingWrapper.class, "INSTANCE", null);
        Model model = (Model) field(SharedTrainingWrapper.class, "originalModel", wrapper);
        if (model != null && !(model instanceof ComputationGraph)) {
            throw new IllegalStateException("executor model: expected a ComputationGraph, got " + model.getClass());
        }
        return (ComputationGraph) model;
    }

    /** Updates the driver's parameter-server node received so far; -1 before the first epoch. */
    static long driverUpdatesReceived(SharedTrainingMaster master) {
        return updatesCount((UpdatesConsumer) field(SharedTrainingMaster.class, "updatesConsumer", master));
    }

    /**
     * Sets the executor model's parameters in place (the parameter server keeps references to the same array) and its
     * epoch count (what per-epoch learning-rate schedules read).
     */
    static boolean assignExecutorState(INDArray params, int epochCount) {
        return assignExecutorState(params, null, -1, epochCount);
    }

    /**
     * As {@link #assignExecutorState(INDArray, int)}, also setting the updater (Adam) state where
     * {@code updaterState} is not null and the optimiser's step count where {@code iteration >= 0}: what a run that
     * starts in a JVM whose executor model an earlier run of this JVM left behind needs to train its own state.
     */
    static boolean assignExecutorState(INDArray params, INDArray updaterState, int iteration, int epochCount) {
        ComputationGraph model = executorModel();
        if (model == null) {
            return false;
        }
        if (model.params().length() != params.length()) {
            throw new IllegalStateException("executor model: expected " + params.length() + " parameters, got "
                    + model.params().length());
        }
        model.params().assign(params);
        if (updaterState != null) {
            INDArray own = model.getUpdater().getStateViewArray();
            if (own == null || own.length() != updaterState.length()) {
                throw new IllegalStateException("executor model: expected an updater state of " + updaterState.length()
                        + " values, got " + (own == null ? "none" : own.length()));
            }
            own.assign(updaterState);
        }
        if (iteration >= 0) {
            model.getConfiguration().setIterationCount(iteration);
        }
        model.getConfiguration().setEpochCount(epochCount);
        return true;
    }

    private static long updatesCount(UpdatesConsumer consumer) {
        if (consumer == null) {
            return -1;
        }
        return ((AtomicLong) field(UpdatesConsumer.class, "updatesCount", consumer)).get();
    }

    private static Object field(Class<?> owner, String name, Object target) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + owner.getSimpleName() + "." + name
                    + " (written against DL4J 1.0.0-M2; has the library changed?)", e);
        }
    }
}
