package org.dfmvr.train;

import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.testing.LocalSpark;
import org.dfmvr.train.cluster.ClusterDriver;
import org.dfmvr.train.cluster.StandaloneCluster;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported resume fault as the CLI meets it: the default backend (parameter server), local mode, every run in a
 * driver JVM of its own. A 3-epoch run; its epoch-1 checkpoint and first metrics row copied into a new folder (what a
 * kill -9 during epoch 2 leaves) and resumed there, once to 3 epochs (must end where the uninterrupted run ends) and
 * once to 4 (must keep learning: every later checkpoint's weights differ from the one before).
 */
@Tag("slow")
@Timeout(value = 40, unit = TimeUnit.MINUTES)
@Disabled("fails, measured: epoch 4 of the run resumed to 4 epochs changes no weight (2.5e-4 x 2 steps is below the "
        + "threshold 1e-3), and a resume to 3 epochs ends 0.74 away from the uninterrupted run while two uninterrupted "
        + "runs are identical; open (docs/distributed-training.md, \"Resume\" and \"Pitfalls\")")
class FreshDriverResumeTest {
    @TempDir
    Path dir;

    @Test
    void givenAParameterServerRunCutAfterEpochOne_whenResumedInANewDriverJvm_thenItKeepsLearningAndMatchesTheFullRun()
            throws Exception {
        Map<String, String> keys = syntheticShards();
        Path full = dir.resolve("full");
        assertThat(drive("full", keys, full, 3, false)).as("uninterrupted run's exit status").isZero();
        List<Path> fullCheckpoints = checkpoints(full);
        assertThat(fullCheckpoints).hasSize(3);
        INDArray atCut = params(fullCheckpoints.get(0));
        INDArray fullEnd = params(fullCheckpoints.get(2));
        double fullMoved = fullEnd.distance2(atCut);

        // the reproduction: resumed with one epoch more than the run planned
        Path longer = cut(full, "resumed-4");
        assertThat(drive("resumed-4", keys, longer, 4, true)).as("resume to 4 epochs, exit status").isZero();
        List<Path> longerCheckpoints = checkpoints(longer);
        assertThat(longerCheckpoints).hasSize(4);
        double[] moved = new double[4];
        for (int e = 1; e < 4; e++) {
            moved[e] = params(longerCheckpoints.get(e)).distance2(params(longerCheckpoints.get(e - 1)));
        }
        System.out.printf("fresh-driver resume (parameter server), resumed to 4 epochs, weight change in epochs 2, "
                + "3, 4: %.5g %.5g %.5g (uninterrupted, epochs 2-3: %.5g)%n", moved[1], moved[2], moved[3], fullMoved);

        Path same = cut(full, "resumed-3");
        assertThat(drive("resumed-3", keys, same, 3, true)).as("resume to 3 epochs, exit status").isZero();
        double relative = params(checkpoints(same).get(2)).distance2(fullEnd) / fullMoved;
        System.out.printf("fresh-driver resume (parameter server): |w_resumed - w_full| / |w_full - w_cut| = %.4g%n",
                relative);

        // the yardstick: a second uninterrupted run from the same seed (the parameter server's updates are applied
        // asynchronously, so two runs need not be bit-identical)
        Path again = dir.resolve("full-again");
        assertThat(drive("full-again", keys, again, 3, false)).as("second uninterrupted run's exit status").isZero();
        double runToRun = params(checkpoints(again).get(2)).distance2(fullEnd) / fullMoved;
        System.out.printf("fresh-driver resume (parameter server): two uninterrupted runs: %.4g%n", runToRun);

        for (int e = 1; e < 4; e++) {
            assertThat(moved[e]).as("weights change in resumed epoch %d of 4", e + 1).isPositive();
        }
        assertThat(relative).as("resumed to 3 epochs vs uninterrupted (relative; run to run: %s)", runToRun)
                .isLessThan(Math.max(ResumeEquivalenceTest.PARAMETER_SERVER_TOLERANCE, 2 * runToRun));
        TrainState cutState = state(fullCheckpoints.get(0));
        assertThat(state(longerCheckpoints.get(3)).runId()).as("the resumed run keeps the run id")
                .isEqualTo(cutState.runId()).isNotNull();
        assertThat(Files.readAllLines(longer.resolve(MetricsLog.FILE))).hasSize(4)
                .allSatisfy(row -> assertThat(row).contains("\"run_id\":\"" + cutState.runId() + "\""));
    }

    /** Runs the train job in a driver JVM of its own; its exit status. */
    private int drive(String name, Map<String, String> keys, Path out, int epochs, boolean resume) throws Exception {
        Map<String, String> p = new HashMap<>(keys);
        p.putAll(Map.of("spark.master", "local[2]", "spark.app.name", "dfmvr-fresh-driver-" + name,
                "spark.ui.enabled", "false", "dfmvr.train.out", out.toString(),
                "dfmvr.train.epochs", Integer.toString(epochs), "dfmvr.train.resume", Boolean.toString(resume),
                "dfmvr.parameter-server.port", Integer.toString(StandaloneCluster.freePort()),
                "test.executors", "0")); // local mode: the driver is the executor
        Path log = dir.resolve(name + ".log");
        Process driver = ClusterDriver.launch(StandaloneCluster.jvmFlagsOfThisJvm(),
                ClusterDriver.properties(dir.resolve(name + ".properties"), p), log);
        if (!driver.waitFor(10, TimeUnit.MINUTES)) {
            driver.destroyForcibly();
            throw new IllegalStateException("driver " + name + " did not finish in 10 minutes; log " + log);
        }
        if (driver.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            System.out.println(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return driver.exitValue();
    }

    /** What a kill during epoch 2 leaves of {@code full}, copied by hand as the reproduction does. */
    private Path cut(Path full, String name) throws IOException {
        Path out = dir.resolve(name);
        Path first = checkpoints(full).get(0);
        FileUtils.copyDirectory(first.toFile(), out.resolve("checkpoints").resolve(first.getFileName()).toFile());
        Files.write(out.resolve(MetricsLog.FILE), Files.readAllLines(full.resolve(MetricsLog.FILE)).subList(0, 1));
        return out;
    }

    private Map<String, String> syntheticShards() throws Exception {
        Map<String, String> k = new HashMap<>(Map.of(
                "dfmvr.synth.output", dir.resolve("raw").toString(), "dfmvr.synth.subjects", "6",
                "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", dir.resolve("raw").toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "64"));
        DfmvrConfig cfg = DfmvrConfig.load(null, k);
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(30));
        IngestSettings ingest = IngestSettings.from(cfg);
        IngestRunner.run(LocalSpark.session(), ingest, new SyntheticReader(ingest), Duration.ofSeconds(30));
        k.putAll(Map.of("dfmvr.train.data", dir.resolve("shards").toString(),
                "dfmvr.train.batch-size-per-worker", "4", "dfmvr.train.lr.initial", "1e-3",
                "dfmvr.train.backend", "parameter-server", "dfmvr.train.checkpoints-kept", "10"));
        return k;
    }

    static INDArray params(Path checkpoint) throws IOException {
        CheckpointStore store = new CheckpointStore(checkpoint.getParent().toString(), 100, new Configuration());
        ComputationGraph graph = store.load(new CheckpointStore.Checkpoint(checkpoint.toString(), state(checkpoint)));
        return graph.params().dup();
    }

    static TrainState state(Path checkpoint) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                checkpoint.resolve(CheckpointStore.STATE).toFile(), TrainState.class);
    }

    static List<Path> checkpoints(Path out) throws IOException {
        try (var list = Files.list(out.resolve("checkpoints"))) {
            return list.filter(p -> p.getFileName().toString().startsWith("ckpt-")).sorted().toList();
        }
    }
}
