package org.dfmvr.train;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.train.sample.SampleTransform;
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

    /** Side of the square view crops the network takes, pixels (the shards must hold crops of this size). */
    int imageSize();

    /** A freshly initialised graph with Adam and its learning-rate schedule for a run of {@code runEpochs}. */
    ComputationGraph newGraph(int runEpochs);

    /** The learning-rate schedule {@link #newGraph} gives a run of {@code runEpochs}. */
    ConstantThenCosineSchedule schedule(int runEpochs);

    /**
     * The shard rows of {@code split} as minibatches of at most {@code batch} examples, decoded on the executors;
     * samples go through {@code transform} for {@code epoch} and {@code maskHeld} holds the mask term, where the
     * target has them.
     */
    JavaRDD<MultiDataSet> batches(SparkSession spark, String shards, String split, int batch,
                                  SampleTransform transform, int epoch, boolean maskHeld);

    /** Scores {@code batches}, puts the mean total as {@code prefix} (and any per-term means) into {@code row}. */
    double putScores(Map<String, Double> row, String prefix, ComputationGraph graph, List<MultiDataSet> batches);

    /** Metrics beyond the loss on the validation batches, added to each epoch's metrics row (may be empty). */
    Map<String, Double> validationMetrics(ComputationGraph graph, List<MultiDataSet> validation);

    /** Writes the final artifact under {@code out} and returns a line saying what and where, for the log. */
    String writeArtifact(FileSystem fs, Path out, ComputationGraph graph, List<MultiDataSet> validation)
            throws IOException;
}
