package org.dfmvr.bench.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.bundle.ParseBundle;
import org.dfmvr.bundle.ParseBundleManifest;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.facemodel.FacePart;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.spark.SparkSessions;
import org.dfmvr.train.MetricsLog;
import org.dfmvr.train.TrainRunner;
import org.dfmvr.train.TrainSettings;
import org.dfmvr.train.TrainState;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Harness: held-out accuracy of the face-parse net. synth (subjects x 2 expressions x 3 views with parse labels) ->
 * ingest -> {@code train --model parse} (tiny BiSeNet, local Spark, parameter averaging every batch, batch 8 per
 * worker, as ParseTrainTest) -> pixel accuracy, mIoU and per-class accuracy of the main head on the val split, whose
 * subjects are never trained on (the split is a hash of the subject id). Shards are synthesised once per subject count
 * and image size into {@code shardsRoot}.
 * usage: ParseAccuracy <subjects> <imageSize> <epochs> <outputStride: 8|4|2> <learningRate> <floorFactor>
 * <constantEpochFraction> <shardsRoot> [key=value ...] (extra dfmvr.* keys)
 */
public final class ParseAccuracy {
    private ParseAccuracy() {
    }

    public static void main(String[] args) throws Exception {
        int subjects = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        Path shards = Path.of(args[7]).resolve(size + "px-" + subjects);
        Map<String, String> keys = new HashMap<>(Map.of(
                "dfmvr.synth.output", shards.resolve("raw").toString(), "dfmvr.synth.subjects", "" + subjects,
                "dfmvr.synth.expressions", "2", "dfmvr.synth.image-size", "" + size,
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", shards.resolve("raw").toString(),
                "dfmvr.ingest.output", shards.resolve("shards").toString(), "dfmvr.ingest.image-size", "" + size));
        DfmvrConfig data = DfmvrConfig.load(null, keys);
        SparkSession spark = SparkSessions.getOrCreate("bench-parse-accuracy", data);
        if (!Files.isDirectory(shards.resolve("shards"))) {
            SynthRunner.run(spark, SynthJob.job(data), Duration.ofMinutes(30));
            IngestSettings ingest = IngestSettings.from(data);
            IngestRunner.run(spark, ingest, new SyntheticReader(ingest), Duration.ofMinutes(30));
        }
        Path out = Files.createTempDirectory("dfmvr-bench-parse");
        keys.putAll(Map.of("dfmvr.train.model", "parse", "dfmvr.train.data", shards.resolve("shards").toString(),
                "dfmvr.train.out", out.toString(), "dfmvr.train.epochs", "" + epochs,
                "dfmvr.train.batch-size-per-worker", "8", "dfmvr.train.backend", "parameter-averaging",
                "dfmvr.train.averaging-frequency", "1", "dfmvr.train.checkpoint-every", "" + epochs,
                "dfmvr.train.parse.output-stride", args[3], "dfmvr.train.parse.learning-rate", args[4]));
        keys.put("dfmvr.train.parse.learning-rate-floor-factor", args[5]);
        keys.put("dfmvr.train.parse.constant-epoch-fraction", args[6]);
        // bench/run's JVM (-Xmx8g, JavaCPP's default limits) fails the off-heap preflight that bin/dfmvr's flags pass;
        // the preflight guards cluster settings, not what this harness measures
        keys.put("dfmvr.train.preflight", "false");
        for (int i = 8; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            keys.put(kv[0], kv[1]);
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        TrainState done = TrainRunner.run(spark, TrainSettings.from(DfmvrConfig.load(null, keys)), "");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        List<String> rows = Files.readAllLines(out.resolve(MetricsLog.FILE));
        System.out.println("epoch | step | loss_train | pixel_acc_val | miou_val | lr");
        for (String r : rows) {
            JsonNode n = json.readTree(r);
            System.out.printf(Locale.ROOT, "%d | %d | %.1f | %.4f | %.4f | %.2e%n", n.get("epoch").asInt(),
                    n.get("step").asInt(), n.get("loss_train").asDouble(), n.get("pixel_acc_val").asDouble(),
                    n.get("miou_val").asDouble(), n.get("lr").asDouble());
        }
        JsonNode last = json.readTree(rows.get(rows.size() - 1));
        ParseBundleManifest m = ParseBundle.read(FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(out.resolve("parse-bundle").toString())).manifest();
        StringBuilder perClass = new StringBuilder();
        for (FacePart p : FacePart.values()) {
            perClass.append(String.format(Locale.ROOT, " %s %.3f", p.name().toLowerCase(Locale.ROOT),
                    last.path("acc_val_" + p.label()).asDouble(Double.NaN)));
        }
        System.out.printf(Locale.ROOT, "parse net %s, %d px, output stride %d: %d subjects x 2 expressions, %d epochs "
                        + "(%d steps) in %.0f s, load average %.1f -> %.1f; held-out (val split) pixel accuracy %.4f, "
                        + "mIoU %.4f over %d pixels (bundle, BN folded); per-class accuracy (last epoch):%s%n",
                m.network().name(), size, m.network().outputStride(), subjects, done.epoch(), done.step(), seconds,
                loadBefore, loadAfter, m.pixelAccuracy(), m.meanIou(), m.validationPixels(), perClass);
        spark.stop();
    }
}
