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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run cut after its first epoch and resumed must end where the uninterrupted run ends: same weights (within the
 * tolerance below), Adam state and schedule position, here for parameter averaging with both runs in one JVM (local
 * mode). What a kill mid-epoch leaves is the last checkpoint and its metrics rows; the test builds exactly that. The
 * parameter server is tested with each run in a driver JVM of its own ({@code FreshDriverResumeTest}, as the CLI runs
 * it): a second parameter-server training in one JVM meets DL4J's per-JVM parameter-server state and is not
 * reproducible (docs/distributed-training.md, "Resume").
 *
 * <p>The measure is the distance of the resumed run's final weights from the uninterrupted run's, relative to how far
 * the uninterrupted run moved after the cut: 0 is an exact resume, 1 is a resume that did not train at all (what the
 * frozen resume of the parameter server did).
 */
@Tag("slow")
class ResumeEquivalenceTest {
    private static final int EPOCHS = 3;
    /**
     * Relative distance allowed on the parameter server, at least (FreshDriverResumeTest also allows twice the
     * distance between two uninterrupted runs; docs/distributed-training.md, "Resume").
     */
    static final double PARAMETER_SERVER_TOLERANCE = 0.05;
    @TempDir
    static Path dir;
    private static Map<String, String> keys;

    @BeforeAll
    static void syntheticShards() throws Exception {
        Map<String, String> k = new HashMap<>(Map.of(
                "dfmvr.synth.output", dir.resolve("raw").toString(), "dfmvr.synth.subjects", "6",
                "dfmvr.synth.expressions", "2", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", dir.resolve("raw").toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "64"));
        DfmvrConfig cfg = DfmvrConfig.load(null, k);
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(10));
        IngestSettings ingest = IngestSettings.from(cfg);
        IngestRunner.run(LocalSpark.session(), ingest, new SyntheticReader(ingest), Duration.ofSeconds(10));
        k.putAll(Map.of("dfmvr.train.data", dir.resolve("shards").toString(),
                "dfmvr.train.epochs", Integer.toString(EPOCHS), "dfmvr.train.batch-size-per-worker", "4",
                "dfmvr.train.lr.initial", "1e-3", "dfmvr.train.averaging-frequency", "1",
                "dfmvr.train.checkpoints-kept", "10"));
        keys = Map.copyOf(k);
    }

    @Test
    void givenParameterAveraging_whenARunIsResumedAfterItsFirstEpoch_thenItEndsWhereTheUninterruptedRunEnds()
            throws Exception {
        // measured: 0 (bit-identical weights); the tolerance only allows float round-off
        assertResumeMatches("parameter-averaging", 1e-6);
    }

    private static void assertResumeMatches(String backend, double tolerance) throws Exception {
        Path full = dir.resolve(backend + "-uninterrupted");
        TrainRunner.run(LocalSpark.session(), settings(backend, full, false), "");
        List<Path> checkpoints = checkpoints(full);
        assertThat(checkpoints).hasSize(EPOCHS);

        // what a kill during epoch 2 leaves: the epoch-1 checkpoint and its metrics row
        Path cut = dir.resolve(backend + "-resumed");
        FileUtils.copyDirectory(checkpoints.get(0).toFile(), cut.resolve("checkpoints")
                .resolve(checkpoints.get(0).getFileName()).toFile());
        Files.write(cut.resolve(MetricsLog.FILE), Files.readAllLines(full.resolve(MetricsLog.FILE)).subList(0, 1));
        TrainState resumed = TrainRunner.run(LocalSpark.session(), settings(backend, cut, true), "");
        assertThat(resumed.epoch()).isEqualTo(EPOCHS);

        INDArray atCut = params(checkpoints.get(0));
        INDArray uninterrupted = params(checkpoints.get(EPOCHS - 1));
        List<Path> resumedCheckpoints = checkpoints(cut);
        assertThat(resumedCheckpoints).hasSize(EPOCHS);
        INDArray resumedEnd = params(resumedCheckpoints.get(EPOCHS - 1));
        double moved = uninterrupted.distance2(atCut);
        double relative = resumedEnd.distance2(uninterrupted) / moved;
        double resumedMoved = resumedEnd.distance2(atCut) / moved;
        double secondEpoch = params(resumedCheckpoints.get(2)).distance2(params(resumedCheckpoints.get(1)));
        System.out.printf("resume %s: |w_full - w_cut| %.6g; |w_resumed - w_full| / that %.3g; |w_resumed - w_cut| / "
                        + "that %.3g; resumed epoch 3 moved the weights by %.6g%n", backend, moved, relative,
                resumedMoved, secondEpoch);
        assertThat(secondEpoch).as("every resumed epoch changes the weights").isPositive();
        assertThat(relative).as("final weights of the resumed run vs the uninterrupted run (relative)")
                .isLessThan(tolerance);
        List<String> fullRows = Files.readAllLines(full.resolve(MetricsLog.FILE));
        List<String> resumedRows = Files.readAllLines(cut.resolve(MetricsLog.FILE));
        for (int e = 1; e < EPOCHS; e++) {
            assertThat(TrainRunnerTest.field(resumedRows.get(e), "lr")).as("learning rate of epoch %d", e)
                    .isEqualTo(TrainRunnerTest.field(fullRows.get(e), "lr"));
        }
    }

    private static INDArray params(Path checkpoint) throws IOException {
        CheckpointStore store = new CheckpointStore(checkpoint.getParent().toString(), 100, new Configuration());
        TrainState state = store.latest().orElseThrow().state();
        ComputationGraph graph = store.load(new CheckpointStore.Checkpoint(checkpoint.toString(), state));
        return graph.params().dup();
    }

    private static List<Path> checkpoints(Path out) throws IOException {
        try (var list = Files.list(out.resolve("checkpoints"))) {
            return list.filter(p -> p.getFileName().toString().startsWith("ckpt-")).sorted().toList();
        }
    }

    private static TrainSettings settings(String backend, Path out, boolean resume) {
        Map<String, String> k = new HashMap<>(keys);
        k.putAll(Map.of("dfmvr.train.out", out.toString(), "dfmvr.train.backend", backend,
                "dfmvr.train.resume", Boolean.toString(resume)));
        return TrainSettings.from(DfmvrConfig.load(null, k));
    }
}
