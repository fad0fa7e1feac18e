package org.dfmvr.train.backend;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.dfmvr.train.cluster.AppJar;
import org.dfmvr.train.cluster.StandaloneCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault behaviour on a real 2-worker cluster, per backend: one executor JVM is killed while an epoch runs (the
 * fixture sets {@code spark.task.maxFailures=1}). The epoch must neither hang nor return silently
 * wrong: it either fails with an {@link EpochFailedException} naming the backend and epoch, or, where the kill
 * fell between two of the training master's Spark jobs, it completes on the surviving executor with a finite model.
 */
@Tag("slow")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ExecutorLossTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"parameter-averaging", "parameter-server"})
    void givenAnEpochInProgress_whenOneExecutorJvmIsKilled_thenTheEpochFailsClearlyOrFinishesOnTheSurvivor(
            String backendName) throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        StandaloneCluster.deleteOwnAeronDirsAtExit();
        List<MultiDataSet> batches = TwoViewTask.trainingBatches(400);
        ExecutorService driverThread = Executors.newSingleThreadExecutor();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, "3g",
                Duration.ofMinutes(2))) {
            Path jar = AppJar.build(dir.resolve("app.jar"), StandaloneCluster.classDirectories());
            JavaSparkContext sc = cluster.connect("dfmvr-executor-loss-test", jar, 2, "2g", Duration.ofMinutes(3));
            try {
                JavaRDD<MultiDataSet> rdd = sc.parallelize(batches, 2);
                BackendSettings settings = BackendSettings.loopback(TwoViewTask.BATCH, 1e-3, 7,
                        StandaloneCluster.freePort());
                TrainingBackend backend = backendName.equals("parameter-server")
                        ? new ParameterServerBackend(sc, TwoViewTask.newModel(7), settings)
                        : new ParameterAveragingBackend(sc, TwoViewTask.newModel(7), settings);
                Future<EpochResult> epoch = driverThread.submit(() -> backend.fitEpoch(rdd));
                String stage = awaitTrainingTasks(sc, Duration.ofMinutes(2));
                Thread.sleep(1500);
                System.out.println("[executor-loss] " + backendName + ": killing worker 0's executor during stage '"
                        + stage + "'");
                List<ProcessHandle> victims = cluster.executorProcesses(0);
                assertThat(victims).as("executor JVMs of worker 0").isNotEmpty();
                victims.forEach(ProcessHandle::destroyForcibly);

                try {
                    EpochResult survived = epoch.get(4, TimeUnit.MINUTES);
                    System.out.println("[executor-loss] " + backendName + " epoch completed on the survivor: "
                            + survived.stats());
                    assertThat(survived.model().params().isInfinite().any()).isFalse();
                    assertThat(survived.model().params().isNaN().any()).isFalse();
                    assertThat(survived.stats().totalBatches()).isPositive();
                } catch (ExecutionException e) {
                    System.out.println("[executor-loss] " + backendName + " epoch failed: " + e.getCause().getMessage());
                    assertThat(e.getCause()).isInstanceOf(EpochFailedException.class)
                            .hasMessageStartingWith(backendName + " epoch 0 failed on the cluster");
                }
            } finally {
                sc.stop();
            }
        } finally {
            driverThread.shutdownNow();
        }
    }

    /** Waits for running tasks of a training stage (not the training master's initial {@code count}); its name. */
    private static String awaitTrainingTasks(JavaSparkContext sc, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (int stage : sc.statusTracker().getActiveStageIds()) {
                var info = sc.statusTracker().getStageInfo(stage);
                if (info != null && info.numActiveTasks() > 0 && !info.name().startsWith("count")) {
                    return info.name();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no training task started within " + timeout);
    }
}
