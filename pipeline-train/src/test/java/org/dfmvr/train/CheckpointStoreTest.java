package org.dfmvr.train;

import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.testing.MiniHdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    private static ComputationGraph trainedGraph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(2)
                        .activation(Activation.IDENTITY).build(), "h")
                .setOutputs("out").build());
        g.init();
        Nd4j.getRandom().setSeed(1);
        g.fit(new INDArray[] {Nd4j.rand(DataType.FLOAT, 16, 4)}, new INDArray[] {Nd4j.rand(DataType.FLOAT, 16, 2)});
        return g;
    }

    @Test
    void givenASavedCheckpoint_whenLoaded_thenParametersUpdaterStateAndTrainStateAreRestored() throws IOException {
        CheckpointStore store = new CheckpointStore(dir.toString(), 3, new Configuration());
        ComputationGraph g = trainedGraph();
        store.save(g, new TrainState(2, 40, "dfmvr.train.epochs = 5", "synthface", 0.5, "run-1", 40));
        CheckpointStore.Checkpoint latest = store.latest().orElseThrow();
        assertEquals(new TrainState(2, 40, "dfmvr.train.epochs = 5", "synthface", 0.5, "run-1", 40), latest.state());
        ComputationGraph back = store.load(latest);
        assertEquals(g.params(), back.params());
        assertEquals(g.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    }

    @Test
    void givenMoreSavesThanKept_whenListed_thenOnlyTheNewestRemainAndLatestIsTheLastStep() throws IOException {
        CheckpointStore store = new CheckpointStore(dir.toString(), 2, new Configuration());
        ComputationGraph g = trainedGraph();
        for (int step = 10; step <= 40; step += 10) {
            store.save(g, new TrainState(step / 10, step, "", "synthface", Double.NaN, "run-1", 0));
        }
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList())
                    .containsExactly("ckpt-000000000030", "ckpt-000000000040");
        }
        assertEquals(40, store.latest().orElseThrow().state().step());
    }

    @Test
    void givenAnInterruptedSave_whenTheLatestIsAsked_thenTheHalfWrittenFolderIsIgnored() throws IOException {
        CheckpointStore store = new CheckpointStore(dir.toString(), 2, new Configuration());
        store.save(trainedGraph(), new TrainState(1, 10, "", "synthface", Double.NaN, "run-1", 0));
        Files.createDirectories(dir.resolve("_tmp-crashed"));
        Files.writeString(dir.resolve("_tmp-crashed/model.zip"), "half");
        assertEquals(10, store.latest().orElseThrow().state().step());
    }

    @Test
    void givenNoCheckpoints_whenTheLatestIsAsked_thenThereIsNone() throws IOException {
        assertTrue(new CheckpointStore(dir.resolve("none").toString(), 1, new Configuration()).latest().isEmpty());
    }

    @Test
    void givenHdfs_whenACheckpointIsSavedAndLoaded_thenItRoundTrips() throws IOException {
        try (MiniHdfs hdfs = new MiniHdfs()) {
            CheckpointStore store = new CheckpointStore(hdfs.uri() + "/runs/r1/checkpoints", 2, new Configuration());
            ComputationGraph g = trainedGraph();
            store.save(g, new TrainState(1, 7, "", "synthface", Double.NaN, "run-1", 0));
            assertEquals(g.params(), store.load(store.latest().orElseThrow()).params());
        }
    }
}
