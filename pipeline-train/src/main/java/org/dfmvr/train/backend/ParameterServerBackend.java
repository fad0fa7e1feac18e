package org.dfmvr.train.backend;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Gradient sharing through DL4J's parameter server ({@link SharedTrainingMaster}: threshold-encoded updates over
 * Aeron UDP between the executors and the driver; Strom 2015, "Scalable distributed DNN training using commodity GPU
 * cloud computing", as implemented by DL4J), the default backend.
 * <p>
 * The fix over stock DL4J (docs/distributed-training.md): the model DL4J returns to the driver is the driver's own
 * copy, updated only by the updates that reach the driver's node, and it drifts from the executors' models, which are
 * the real training state. At each epoch end (with {@link BackendSettings#resyncAtEpochEnd()}) this backend reads the
 * executors' parameter vectors through a Spark job, averages them, sets the average on the driver's model and writes
 * it back into every executor's model, so all copies start the next epoch equal. It also sets the driver's epoch
 * count on the executors' models, which DL4J sets only once (when an executor first trains), so per-epoch learning-rate
 * schedules advance there too.
 */
public final class ParameterServerBackend implements TrainingBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterServerBackend.class);

    private final JavaSparkContext sc;
    private final BackendSettings settings;
    private final SharedTrainingMaster master;
    private final SparkGraphTraining training;
    private final Map<String, Long> lastExecutorUpdates = new HashMap<>();
    private long lastDriverUpdates;
    private int epoch;
    private final ComputationGraph startModel;

    /** Wraps {@code model} (trained in place on the driver side) for training on {@code sc}'s executors. */
    public ParameterServerBackend(JavaSparkContext sc, ComputationGraph model, BackendSettings settings) {
        this(sc, model, settings, List.of());
    }

    /**
     * As the three-argument constructor, with {@code listeners} (serializable) shipped to the executors with the
     * model, e.g. guards that fail a diverging run.
     */
    public ParameterServerBackend(JavaSparkContext sc, ComputationGraph model, BackendSettings settings,
                                  List<? extends TrainingListener> listeners) {
        this.sc = sc;
        this.settings = settings;
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .networkMask(settings.networkMask())
                .controllerAddress(settings.controllerAddress())
                .portSupplier(new EnvOrDefaultPortSupplier(settings.portEnvVar(), settings.controllerPort()))
                .build();
        this.master = new SharedTrainingMaster.Builder(voidConf, settings.batchPerWorker())
                .batchSizePerWorker(settings.batchPerWorker())
                .workersPerNode(settings.workersPerNode())
                .thresholdAlgorithm(settings.adaptiveThreshold()
                        ? new AdaptiveThresholdAlgorithm(settings.updatesThreshold())
                        : new FixedThresholdAlgorithm(settings.updatesThreshold()))
                .rngSeed(settings.rngSeed())
                // Export needs a shared filesystem and refuses a non-local master on a local default FS
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartitionData(Repartition.NumPartitionsWorkersDiffers)
                .collectTrainingStats(false)
                .build();
        List<TrainingListener> all = new java.util.ArrayList<>(listeners);
        all.add(new IterationFloor(model.getConfiguration().getIterationCount()));
        this.startModel = model;
        this.training = new SparkGraphTraining(name(), sc, model, master, all, true);
    }

    @Override
    public EpochResult fitEpoch(JavaRDD<MultiDataSet> batches) {
        long start = System.nanoTime();
        if (epoch == 0) {
            try {
                startExecutorsFromDriver(startModel);
            } catch (Exception e) { // part of the epoch for the user: an executor lost here fails it the same way
                throw new EpochFailedException(name(), epoch, ExecutorProbe.executorIds(sc), e);
            }
        }
        Map<String, ExecutorSnapshot> snapshots = training.fitThenSnapshot(batches, epoch);
        ComputationGraph driverModel = training.network();

        OptionalDouble spread = OptionalDouble.empty();
        OptionalDouble driverLag = OptionalDouble.empty();
        INDArray mean = ParameterAverage.mean(snapshots.values().stream().map(ExecutorSnapshot::params).toList());
        if (mean != null) {
            spread = OptionalDouble.of(ParameterAverage.maxRelativeDistance(
                    snapshots.values().stream().map(ExecutorSnapshot::params).toList(), mean));
            driverLag = OptionalDouble.of(ParameterAverage.relativeDistance(driverModel.params(), mean));
            if (settings.resyncAtEpochEnd()) {
                resync(driverModel, mean);
            }
        }
        // the executors' step count is the run's (the driver's graph does not step); checkpoints keep it
        snapshots.values().stream().mapToLong(ExecutorSnapshot::iteration).max().ifPresent(it -> {
            if (it >= 0) {
                driverModel.getConfiguration().setIterationCount((int) it);
            }
        });

        Map<String, EpochStats.ExecutorEpoch> perExecutor = new HashMap<>();
        snapshots.forEach((id, s) -> {
            long before = lastExecutorUpdates.getOrDefault(id, 0L);
            long received = s.updatesReceived() < 0 ? -1 : s.updatesReceived() - before;
            if (s.updatesReceived() >= 0) {
                lastExecutorUpdates.put(id, s.updatesReceived());
            }
            perExecutor.put(id, new EpochStats.ExecutorEpoch(s.batches(), s.samples(), received, s.memory()));
        });
        long driverTotal = SharedWrapperAccess.driverUpdatesReceived(master);
        OptionalLong driverUpdates = driverTotal < 0 ? OptionalLong.empty()
                : OptionalLong.of(driverTotal - lastDriverUpdates);
        lastDriverUpdates = Math.max(driverTotal, 0);

        EpochStats stats = new EpochStats(epoch++, perExecutor, driverUpdates, spread, driverLag,
                (System.nanoTime() - start) / 1e9);
        LOG.info("parameter-server epoch {}: {}", stats.epoch(), stats);
        return new EpochResult(driverModel, stats);
    }

    /**
     * Where an executor JVM still holds the model of an earlier parameter-server run (DL4J keeps one per JVM and
     * trains it, not the broadcast one: local mode, or a driver that trains twice), sets it to this run's start:
     * parameters, Adam state and step count. Executors without a model build theirs from the broadcast graph.
     */
    private void startExecutorsFromDriver(ComputationGraph model) {
        Broadcast<INDArray> params = sc.broadcast(model.params().dup());
        INDArray updater = model.getUpdater() == null ? null : model.getUpdater().getStateViewArray();
        Broadcast<INDArray> updaterState = updater == null ? null : sc.broadcast(updater.dup());
        int iteration = model.getConfiguration().getIterationCount();
        int epochCount = model.getConfiguration().getEpochCount();
        try {
            Map<String, Boolean> reset = ExecutorProbe.onEveryExecutor(sc, () -> SharedWrapperAccess
                    .assignExecutorState(params.value(), updaterState == null ? null : updaterState.value(), iteration,
                            epochCount),
                    SparkGraphTraining.PROBE_ATTEMPTS);
            reset.forEach((id, had) -> {
                if (had) {
                    LOG.info("parameter-server: executor {} held an earlier run's model; set to this run's start", id);
                }
            });
        } finally {
            params.unpersist();
            if (updaterState != null) {
                updaterState.unpersist();
            }
        }
    }

    private void resync(ComputationGraph driverModel, INDArray mean) {
        driverModel.params().assign(mean);
        Broadcast<INDArray> shared = sc.broadcast(mean);
        int epochCount = driverModel.getConfiguration().getEpochCount();
        try {
            ExecutorProbe.onEveryExecutor(sc, () -> SharedWrapperAccess.assignExecutorState(shared.value(),
                            epochCount), SparkGraphTraining.PROBE_ATTEMPTS);
        } finally {
            shared.unpersist();
        }
    }

    @Override
    public String name() {
        return "parameter-server";
    }

    @Override
    public void close() {
        master.deleteTempFiles(sc);
    }
}
