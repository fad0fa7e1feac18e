package org.dfmvr.train.backend;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Synchronous parameter averaging over Spark's own messaging ({@link ParameterAveragingTrainingMaster}: each worker
 * fits {@link BackendSettings#averagingFrequency()} minibatches from the broadcast model, the driver averages the
 * parameters and updater states; McDonald et al. 2010 / Zinkevich et al. 2010 style model averaging as implemented by
 * DL4J). The fallback where the parameter server's UDP mesh cannot be used. The driver's model is the averaged one,
 * so no resynchronisation is needed.
 */
public final class ParameterAveragingBackend implements TrainingBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveragingBackend.class);

    private final JavaSparkContext sc;
    private final ParameterAveragingTrainingMaster master;
    private final SparkGraphTraining training;
    private int epoch;

    /** Wraps {@code model} (trained in place on the driver side) for training on {@code sc}'s executors. */
    public ParameterAveragingBackend(JavaSparkContext sc, ComputationGraph model, BackendSettings settings) {
        this(sc, model, settings, List.of());
    }

    /**
     * As the three-argument constructor, with {@code listeners} (serializable) shipped to the executors with the
     * model, e.g. guards that fail a diverging run.
     */
    public ParameterAveragingBackend(JavaSparkContext sc, ComputationGraph model, BackendSettings settings,
                                     List<? extends TrainingListener> listeners) {
        this.sc = sc;
        this.master = new ParameterAveragingTrainingMaster.Builder(settings.batchPerWorker())
                .batchSizePerWorker(settings.batchPerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(2)
                .rngSeed(settings.rngSeed())
                // Export needs a shared filesystem and refuses a non-local master on a local default FS
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .collectTrainingStats(false)
                .build();
        this.training = new SparkGraphTraining(name(), sc, model, master, listeners, false);
    }

    @Override
    public EpochResult fitEpoch(JavaRDD<MultiDataSet> batches) {
        long start = System.nanoTime();
        Map<String, ExecutorSnapshot> snapshots = training.fitThenSnapshot(batches, epoch);
        Map<String, EpochStats.ExecutorEpoch> perExecutor = new HashMap<>();
        snapshots.forEach((id, s) -> perExecutor.put(id, new EpochStats.ExecutorEpoch(s.batches(), s.samples(), -1,
                s.memory())));
        EpochStats stats = new EpochStats(epoch++, perExecutor, OptionalLong.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), (System.nanoTime() - start) / 1e9);
        LOG.info("parameter-averaging epoch {}: {}", stats.epoch(), stats);
        return new EpochResult(training.network(), stats);
    }

    @Override
    public String name() {
        return "parameter-averaging";
    }

    @Override
    public void close() {
        master.deleteTempFiles(sc);
    }
}
