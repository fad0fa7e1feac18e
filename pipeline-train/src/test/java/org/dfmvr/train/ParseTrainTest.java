package org.dfmvr.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dfmvr.bundle.ParseBundle;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * synth (64 px renders with parse labels) -> ingest -> {@code train --model parse} (tiny BiSeNet, local Spark) ->
 * parse bundle: the loss falls and the held-out (val split, other subjects) pixel accuracy of the main head passes
 * 85 % (measured 0.896 at output stride 2, 0.886-0.889 at 8). The 95 % needs more data and epochs than a test
 * should spend: the benchmark {@code org.dfmvr.bench.train.ParseAccuracy} (48 subjects, 30 epochs, ~11 min) reaches
 * 96 % at stride 2 and 94 % at 8 (docs/model.md, "Parse net").
 */
@Tag("slow")
@Tag("spark")
class ParseTrainTest {
    @TempDir
    Path dir;

    @Test
    void givenSyntheticParseLabels_whenTheTinyParseNetIsTrained_thenLossFallsAndHeldOutPixelAccuracyExceeds85Percent()
            throws Exception {
        Map<String, String> keys = Map.of(
                "dfmvr.synth.output", dir.resolve("raw").toString(), "dfmvr.synth.subjects", "16",
                "dfmvr.synth.expressions", "2", "dfmvr.synth.image-size", "64",
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", dir.resolve("raw").toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "64");
        DfmvrConfig cfg = DfmvrConfig.load(null, keys);
        SynthRunner.run(LocalSpark.session(), SynthJob.job(cfg), Duration.ofSeconds(10));
        IngestSettings ingest = IngestSettings.from(cfg);
        IngestRunner.run(LocalSpark.session(), ingest, new SyntheticReader(ingest), Duration.ofSeconds(10));

        Map<String, String> train = new HashMap<>(keys);
        train.putAll(Map.of("dfmvr.train.model", "parse", "dfmvr.train.data", dir.resolve("shards").toString(),
                "dfmvr.train.out", dir.resolve("train").toString(), "dfmvr.train.epochs", "10", "dfmvr.train.parse.learning-rate", "1e-2",
                "dfmvr.train.batch-size-per-worker", "8", "dfmvr.train.backend", "parameter-averaging",
                "dfmvr.train.averaging-frequency", "1"));
        long t0 = System.nanoTime();
        TrainState done = TrainRunner.run(LocalSpark.session(), TrainSettings.from(DfmvrConfig.load(null, train)), "");
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<String> rows = Files.readAllLines(dir.resolve("train").resolve(MetricsLog.FILE));
        rows.forEach(System.out::println);
        var bundle = ParseBundle.read(FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(dir.resolve("train").resolve(ParseTarget.BUNDLE).toString()));
        var m = bundle.manifest();
        System.out.printf("parse net (tiny, 64 px): %d epochs, %d steps in %.1f s; held-out pixel accuracy %.4f, "
                + "mIoU %.4f over %d pixels%n", done.epoch(), done.step(), seconds, m.pixelAccuracy(), m.meanIou(),
                m.validationPixels());
        assertThat(rows).hasSize(10).allSatisfy(r -> assertThat(r).contains("pixel_acc_val", "miou_val"));
        assertThat(m.validationPixels()).isPositive();
        assertThat(lossTrain(rows.get(9))).isLessThan(lossTrain(rows.get(0)) / 2);
        assertThat(m.pixelAccuracy()).isGreaterThan(0.85);
    }

    private static double lossTrain(String jsonLine) {
        String key = "\"loss_train\":";
        int i = jsonLine.indexOf(key) + key.length();
        return Double.parseDouble(jsonLine.substring(i, jsonLine.indexOf(',', i)));
    }
}
