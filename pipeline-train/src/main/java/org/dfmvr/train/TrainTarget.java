package org.dfmvr.train;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What one train mode ({@code dfmvr.train.model}) trains; {@link TrainRunner} owns everything else (backend epochs,
 * validation loss, metrics, checkpoints, resume), the same for every mode.
 */
interface TrainTarget {
    /** Preset name, for logs. */
    String preset();

    /** The Adam learning rate. */
    double learningRate();

    /** A freshly initialised graph with Adam at {@link #learningRate()}. */
    ComputationGraph newGraph();

    /** The shard rows of {@code split} as minibatches of at most {@code batch} examples, decoded on the executors. */
    JavaRDD<MultiDataSet> batches(SparkSession spark, String shards, String split, int batch);

    /** Metrics beyond the loss on the validation batches, added to each epoch's metrics row (may be empty). */
    Map<String, Double> validationMetrics(ComputationGraph graph, List<MultiDataSet> validation);

    /** Writes the final artifact under {@code out} and returns a line saying what and where, for the log. */
    String writeArtifact(FileSystem fs, Path out, ComputationGraph graph, List<MultiDataSet> validation)
            throws IOException;
}
