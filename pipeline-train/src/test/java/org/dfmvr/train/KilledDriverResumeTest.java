package org.dfmvr.train;

import org.dfmvr.doctor.AeronFolders;
import org.dfmvr.spark.DfmvrKryoRegistrator;
import org.dfmvr.train.cluster.AppJar;
import org.dfmvr.train.cluster.ClusterDriver;
import org.dfmvr.train.cluster.StandaloneCluster;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The train job's DRIVER on a standalone cluster (its own JVM, the default parameter-server backend, one executor
 * JVM) is killed with SIGKILL during epoch 2 of 3; {@code --resume} in a new driver JVM must continue the same run
 * from the epoch-1 checkpoint, finish, and keep learning (each later checkpoint's weights differ from the one
 * before). Also: the resumed driver's {@code /dev/shm/aeron-*} folder is gone after it exits, and the killed
 * driver's, left behind, is what {@code doctor} removes.
 */
@Tag("slow")
@Tag("spark")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@Disabled("not yet seen passing: its one run timed out before the first checkpoint on the shared 2-core machine under "
        + "a load average of 15; run it on a quiet machine (docs/distributed-training.md, \"Killing the driver\")")
class KilledDriverResumeTest {
    private static final int EPOCHS = 3;

    @TempDir
    Path dir;

    @Test
    void givenATrainDriverKilledMidEpoch_whenResumedInANewDriver_thenTheRunCompletesAndKeepsLearning()
            throws Exception {
        StandaloneCluster.deleteOwnAeronDirsAtExit();
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<StandaloneCluster> starting = background.submit(() -> StandaloneCluster.start(dir.resolve("cluster"),
                1, "3g", Duration.ofMinutes(2)));
        Map<String, String> keys = syntheticShards();
        Path out = dir.resolve("train");
        try (StandaloneCluster cluster = starting.get()) {
            Path jar = AppJar.build(dir.resolve("app.jar"), StandaloneCluster.classDirectories());

            Process first = start(cluster, jar, keys, "first", false);
            Set<Path> firstAeron = new LinkedHashSet<>();
            awaitCheckpoint(out, first, firstAeron);
            Thread.sleep(1500); // into epoch 2
            firstAeron.addAll(AeronFolders.mappedBy(first.pid()));
            first.destroyForcibly(); // SIGKILL
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<Path> afterKill = FreshDriverResumeTest.checkpoints(out);
            System.out.printf("[killed-driver] driver killed (exit %d) with %d checkpoint(s) written; its Aeron "
                    + "folders %s%n", first.exitValue(), afterKill.size(), firstAeron);
            assertThat(afterKill).as("killed during epoch 2: only the epoch-1 checkpoint").hasSize(1);
            TrainState atKill = FreshDriverResumeTest.state(afterKill.get(0));

            Process second = start(cluster, jar, keys, "resumed", true);
            Set<Path> secondAeron = new LinkedHashSet<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!second.waitFor(500, TimeUnit.MILLISECONDS)) {
                secondAeron.addAll(AeronFolders.mappedBy(second.pid()));
                if (System.nanoTime() > deadline) {
                    second.destroyForcibly();
                    throw new IllegalStateException("the resumed driver did not finish in 4 minutes; "
                            + tail(dir.resolve("resumed.log")));
                }
            }
            assertThat(second.exitValue()).as("resumed driver's exit status; " + tail(dir.resolve("resumed.log")))
                    .isZero();

            List<Path> checkpoints = FreshDriverResumeTest.checkpoints(out);
            assertThat(checkpoints).hasSize(EPOCHS);
            StringBuilder moves = new StringBuilder();
            for (int e = 1; e < EPOCHS; e++) {
                double moved = FreshDriverResumeTest.params(checkpoints.get(e))
                        .distance2(FreshDriverResumeTest.params(checkpoints.get(e - 1)));
                moves.append(String.format(" epoch %d: %.5g", e + 1, moved));
                assertThat(moved).as("weights change in resumed epoch %d", e + 1).isPositive();
            }
            TrainState end = FreshDriverResumeTest.state(checkpoints.get(EPOCHS - 1));
            System.out.printf("[killed-driver] resumed from epoch %d to %d, weight change per epoch:%s; run %s%n",
                    atKill.epoch(), end.epoch(), moves, end.runId());
            assertThat(end.runId()).isEqualTo(atKill.runId()).isNotNull();
            assertThat(Files.readAllLines(out.resolve(MetricsLog.FILE))).as("one metrics row per epoch")
                    .hasSize(EPOCHS);

            System.out.printf("[killed-driver] resumed driver's Aeron folders %s, after its exit: %s%n", secondAeron,
                    secondAeron.stream().filter(Files::exists).toList());
            assertThat(secondAeron).as("the resumed driver ran a parameter-server node").isNotEmpty();
            assertThat(secondAeron).as("removed when the driver JVM exited").noneMatch(Files::exists);
            var doctor = AeronFolders.removeStale(AeronFolders.SHM, Duration.ZERO);
            System.out.println("[killed-driver] doctor: " + doctor.format());
            assertThat(firstAeron).as("the killed driver's folders, removed by doctor").noneMatch(Files::exists);
        } finally {
            background.shutdownNow();
        }
    }

    private Process start(StandaloneCluster cluster, Path jar, Map<String, String> keys, String name, boolean resume)
            throws Exception {
        Map<String, String> p = new HashMap<>(keys);
        for (var e : cluster.sparkConf("dfmvr-killed-driver-" + name, jar, 1, "2g",
                Map.of("spark.kryo.registrator", DfmvrKryoRegistrator.class.getName())).getAll()) {
            p.put(e._1(), e._2());
        }
        p.put("dfmvr.train.resume", Boolean.toString(resume));
        p.put("dfmvr.parameter-server.port", Integer.toString(StandaloneCluster.freePort()));
        p.put("test.executors", "1");
        return ClusterDriver.launch(cluster.jvmFlags(), ClusterDriver.properties(dir.resolve(name + ".properties"),
                p), dir.resolve(name + ".log"));
    }

    /** Waits for the first checkpoint (sampling the driver's Aeron folders meanwhile). */
    private void awaitCheckpoint(Path out, Process driver, Set<Path> aeron) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        Path checkpoints = out.resolve("checkpoints");
        while (System.nanoTime() < deadline) {
            if (!driver.isAlive()) {
                throw new IllegalStateException("the driver ended (exit " + driver.exitValue() + ") before its first "
                        + "checkpoint; " + tail(dir.resolve("first.log")));
            }
            aeron.addAll(AeronFolders.mappedBy(driver.pid()));
            if (Files.isDirectory(checkpoints)) {
                try (var list = Files.list(checkpoints)) {
                    if (list.anyMatch(p -> p.getFileName().toString().startsWith("ckpt-"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no checkpoint within 4 minutes; " + tail(dir.resolve("first.log")));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "log tail:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The shared synthetic shards ({@link SyntheticTrainingShards}), trained on the parameter server. */
    private Map<String, String> syntheticShards() throws Exception {
        Map<String, String> keys = SyntheticTrainingShards.build(dir, EPOCHS);
        keys.putAll(Map.of("dfmvr.train.backend", "parameter-server", "dfmvr.train.checkpoints-kept", "10"));
        return keys;
    }
}
