package org.dfmvr.train.backend;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.train.cluster.AppJar;
import org.dfmvr.train.cluster.StandaloneCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both backends on a real 2-worker Spark standalone cluster (master, workers and executors are separate JVMs on
 * loopback): both executors train, the parameter server exchanges updates between the nodes, and the model RETURNED
 * TO THE DRIVER scores within 20% of the same epochs trained in one JVM, on a held-out set.
 */
@Tag("slow")
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class DistributedTrainingTest {
    private static final int EPOCHS = 8;
    private static final int BATCHES = 48;
    private static final long SEED = 7;

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;
    private static JavaSparkContext sc;
    private static List<MultiDataSet> batches;
    private static MultiDataSet heldOut;
    private static double localScore;

    @BeforeAll
    static void startCluster() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        batches = TwoViewTask.trainingBatches(BATCHES);
        heldOut = TwoViewTask.heldOut();
        localScore = TwoViewTask.trainLocally(batches, EPOCHS, SEED).score(heldOut);
        StandaloneCluster.deleteOwnAeronDirsAtExit();
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, "3g", Duration.ofMinutes(2));
        Path jar = AppJar.build(dir.resolve("app.jar"), StandaloneCluster.classDirectories());
        sc = cluster.connect("dfmvr-distributed-training-test", jar, 2, "2g", Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopCluster() {
        if (sc != null) {
            sc.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void givenTwoWorkers_whenTrainedThroughTheParameterServer_thenBothTrainUpdatesCrossAndTheDriverModelMatchesLocal()
            throws Exception {
        BackendSettings settings = BackendSettings.loopback(TwoViewTask.BATCH, 1e-3, SEED,
                StandaloneCluster.freePort());
        List<EpochStats> epochs = train(new ParameterServerBackend(sc, TwoViewTask.newModel(SEED), settings));

        ComputationGraph returned = lastModel;
        Map<String, Long> batchesPerExecutor = batchesPerExecutor(epochs);
        assertThat(batchesPerExecutor).as("minibatches per executor over all epochs").hasSize(2)
                .allSatisfy((id, n) -> assertThat(n).isPositive());
        assertThat(epochs).allSatisfy(e -> assertThat(e.totalBatches()).as("batches fitted in epoch " + e.epoch())
                .isEqualTo(BATCHES));
        assertThat(epochs.stream().mapToLong(e -> e.updatesReceivedByDriver().orElse(0)).sum())
                .as("updates the driver's node received").isPositive();
        Map<String, Long> updatesPerExecutor = new HashMap<>();
        epochs.forEach(e -> e.perExecutor().forEach((id, x) -> updatesPerExecutor.merge(id, x.updatesReceived(),
                Long::sum)));
        assertThat(updatesPerExecutor).as("updates each executor's node received from the mesh")
                .allSatisfy((id, n) -> assertThat(n).isPositive());

        double score = returned.score(heldOut);
        report("parameter-server", epochs, score);
        assertThat(score).as("held-out MSE of the model returned to the driver vs local " + localScore)
                .isLessThanOrEqualTo(1.2 * localScore);
    }

    @Test
    void givenTwoWorkers_whenTrainedByParameterAveraging_thenBothTrainAndTheDriverModelMatchesLocal() {
        BackendSettings settings = BackendSettings.loopback(TwoViewTask.BATCH, 1e-3, SEED, 1);
        List<EpochStats> epochs = train(new ParameterAveragingBackend(sc, TwoViewTask.newModel(SEED), settings));

        assertThat(batchesPerExecutor(epochs)).as("minibatches per executor over all epochs").hasSize(2)
                .allSatisfy((id, n) -> assertThat(n).isPositive());
        assertThat(epochs).allSatisfy(e -> assertThat(e.totalBatches()).as("batches fitted in epoch " + e.epoch())
                .isEqualTo(BATCHES));
        double score = lastModel.score(heldOut);
        report("parameter-averaging", epochs, score);
        assertThat(score).as("held-out MSE of the model returned to the driver vs local " + localScore)
                .isLessThanOrEqualTo(1.2 * localScore);
    }

    private static ComputationGraph lastModel;

    private static List<EpochStats> train(TrainingBackend backend) {
        JavaRDD<MultiDataSet> rdd = sc.parallelize(batches, 2);
        List<EpochStats> stats = new ArrayList<>();
        try (backend) {
            for (int e = 0; e < EPOCHS; e++) {
                EpochResult r = backend.fitEpoch(rdd);
                stats.add(r.stats());
                lastModel = r.model();
                System.out.printf("[%s] epoch %d: held-out %.5f, %s%n", backend.name(), e, r.model().score(heldOut),
                        r.stats());
            }
        }
        return stats;
    }

    private static Map<String, Long> batchesPerExecutor(List<EpochStats> epochs) {
        Map<String, Long> total = new HashMap<>();
        epochs.forEach(e -> e.perExecutor().forEach((id, x) -> total.merge(id, x.batches(), Long::sum)));
        return total;
    }

    private static void report(String name, List<EpochStats> epochs, double score) {
        System.out.printf("[%s] RESULT held-out MSE: local %.5f, returned %.5f (ratio %.3f); per executor %s%n", name,
                localScore, score, score / localScore, batchesPerExecutor(epochs));
    }
}
