package org.dfmvr.bench.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.spark.DfmvrKryoRegistrator;
import org.dfmvr.spark.SparkSessions;
import org.dfmvr.train.MetricsLog;
import org.dfmvr.train.TrainRunner;
import org.dfmvr.train.TrainSettings;
import org.dfmvr.train.cluster.AppJar;
import org.dfmvr.train.cluster.StandaloneCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Harness: the train job's throughput (samples/s of the training epochs, validation excluded) on a Spark standalone
 * cluster of {@code workers} separate worker JVMs with 1 core each (the test fixture of pipeline-train), driver in this
 * JVM. One configuration per JVM (a JVM holds one parameter-server node); bench/run-train-scaling runs the matrix.
 * Shards are synthesised once per image size into {@code shardsRoot} (local Spark, stopped before the cluster starts).
 * usage: TrainScaling <preset> <workers> <epochs> <subjects> <backend> <shardsRoot>
 */
public final class TrainScaling {
    private TrainScaling() {
    }

    public static void main(String[] args) throws Exception {
        String preset = args[0];
        int workers = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int subjects = Integer.parseInt(args[3]);
        String backend = args[4];
        int size = NetworkSpec.preset(preset).imageSize();
        Path shards = Path.of(args[5]).resolve(size + "px-" + subjects);
        Map<String, String> keys = new HashMap<>(Map.of(
                "dfmvr.synth.output", shards.resolve("raw").toString(), "dfmvr.synth.subjects", "" + subjects,
                "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "" + size,
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", shards.resolve("raw").toString(),
                "dfmvr.ingest.output", shards.resolve("shards").toString(), "dfmvr.ingest.image-size", "" + size));
        if (!Files.isDirectory(shards.resolve("shards"))) {
            DfmvrConfig cfg = DfmvrConfig.load(null, keys);
            SparkSession local = SparkSessions.getOrCreate("bench-train-synth", cfg);
            SynthRunner.run(local, SynthJob.job(cfg), Duration.ofMinutes(10));
            IngestSettings ingest = IngestSettings.from(cfg);
            IngestRunner.run(local, ingest, new SyntheticReader(ingest), Duration.ofMinutes(10));
            local.stop();
        }
        Path dir = Files.createTempDirectory("dfmvr-bench-train");
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), workers, "3g",
                Duration.ofMinutes(3))) {
            Path jar = AppJar.build(dir.resolve("app.jar"), StandaloneCluster.classDirectories());
            JavaSparkContext sc = cluster.connect("bench-train-scaling", jar, workers, "2g", Duration.ofMinutes(3),
                    Map.of("spark.kryo.registrator", DfmvrKryoRegistrator.class.getName()));
            try {
                keys.putAll(Map.of("dfmvr.train.data", shards.resolve("shards").toString(),
                        "dfmvr.train.out", dir.resolve("train").toString(), "dfmvr.train.preset", preset,
                        "dfmvr.train.epochs", "" + epochs, "dfmvr.train.batch-size-per-worker", "4",
                        "dfmvr.train.backend", backend, "dfmvr.train.checkpoint-every", "" + epochs,
                        "dfmvr.parameter-server.port", "" + StandaloneCluster.freePort()));
                TrainRunner.run(SparkSession.builder().getOrCreate(), TrainSettings.from(DfmvrConfig.load(null, keys)),
                        "");
                report(preset, workers, backend, dir.resolve("train").resolve(MetricsLog.FILE));
            } finally {
                sc.stop();
            }
        }
    }

    /** Per-epoch samples/s; the first epoch (JIT, executor model set-up) is left out of the median. */
    private static void report(String preset, int workers, String backend, Path metrics) throws Exception {
        List<String> rows = Files.readAllLines(metrics);
        ObjectMapper json = new ObjectMapper();
        double[] perEpoch = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            perEpoch[i] = json.readTree(rows.get(i)).get("samples_per_s").asDouble();
        }
        double[] warm = Arrays.copyOfRange(perEpoch, 1, perEpoch.length);
        Arrays.sort(warm);
        double median = warm.length == 0 ? Double.NaN : warm.length % 2 == 1 ? warm[warm.length / 2]
                : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "RESULT preset=%s workers=%d backend=%s samples_per_s_median_after_first=%.3f "
                + "per_epoch=%s%n", preset, workers, backend, median, Arrays.toString(perEpoch));
    }
}
