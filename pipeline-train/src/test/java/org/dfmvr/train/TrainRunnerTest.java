package org.dfmvr.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * synth -> ingest -> train (tiny, local Spark, weak losses only) -> checkpoint, metrics, bundle; then --resume
 * continues from the checkpoint's epoch and step. Mechanics and a falling training loss, not accuracy.
 */
@Tag("slow")
class TrainRunnerTest {
    @TempDir
    Path dir;

    @Test
    void givenSyntheticShards_whenTrainedThenResumed_thenLossFallsAndTheRunContinuesFromItsCheckpoint()
            throws Exception {
        Map<String, String> keys = Map.of(
                "dfmvr.synth.output", dir.resolve("raw").toString(), "dfmvr.synth.subjects", "6",
                "dfmvr.synth.expressions", "2", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", dir.resolve("raw").toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "64");
        DfmvrConfig cfg = DfmvrConfig.load(null, keys);
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(10));
        IngestSettings ingest = IngestSettings.from(cfg);
        IngestRunner.run(LocalSpark.session(), ingest, new SyntheticReader(ingest), Duration.ofSeconds(10));

        java.util.HashMap<String, String> train = new java.util.HashMap<>(keys);
        train.putAll(Map.of("dfmvr.train.data", dir.resolve("shards").toString(),
                "dfmvr.train.out", dir.resolve("train").toString(), "dfmvr.train.epochs", "3",
                "dfmvr.train.batch-size-per-worker", "4", "dfmvr.train.lr.initial", "1e-3",
                "dfmvr.train.backend", "parameter-averaging", "dfmvr.train.averaging-frequency", "1"));
        TrainState done = TrainRunner.run(LocalSpark.session(), TrainSettings.from(DfmvrConfig.load(null, train)), "");
        assertEquals(3, done.epoch());

        List<String> rows = Files.readAllLines(dir.resolve("train").resolve(MetricsLog.FILE));
        assertThat(rows).hasSize(3);
        double first = lossTrain(rows.get(0)), last = lossTrain(rows.get(2));
        System.out.printf("train: loss_train %.5f -> %.5f over 3 epochs%n", first, last);
        assertThat(last).isLessThan(first);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        assertThat(ModelBundle.read(fs, new org.apache.hadoop.fs.Path(dir.resolve("train/bundle").toString())).manifest().network().name())
                .isEqualTo("tiny");

        train.putAll(Map.of("dfmvr.train.epochs", "4", "dfmvr.train.resume", "true"));
        TrainState resumed = TrainRunner.run(LocalSpark.session(), TrainSettings.from(DfmvrConfig.load(null, train)),
                "");
        assertEquals(4, resumed.epoch());
        assertEquals(done.step() / 3 * 4, resumed.step());
        assertThat(Files.readAllLines(dir.resolve("train").resolve(MetricsLog.FILE))).hasSize(4);
    }

    private static double lossTrain(String jsonLine) {
        String key = "\"loss_train\":";
        int i = jsonLine.indexOf(key) + key.length();
        return Double.parseDouble(jsonLine.substring(i, jsonLine.indexOf(',', i)));
    }
}
