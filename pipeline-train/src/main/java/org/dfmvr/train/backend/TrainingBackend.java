package org.dfmvr.train.backend;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Data-parallel training of one DL4J {@code ComputationGraph} on Spark, one epoch per call. The train job depends
 * only on this interface, so a backend can be swapped (parameter server by default, parameter averaging as the
 * fallback) or added without touching the job.
 */
public interface TrainingBackend extends AutoCloseable {
    /**
     * Trains one epoch over {@code batches} (each element one minibatch of {@link BackendSettings#batchPerWorker()}
     * examples; one partition per worker is the intended layout) and returns the model as the driver now holds it.
     */
    EpochResult fitEpoch(JavaRDD<MultiDataSet> batches);

    /** Short name for logs and metrics, e.g. {@code parameter-server}. */
    String name();

    /** Releases the backend's cluster state (temporary files, parameter-server transport where it allows). */
    @Override
    void close();
}
