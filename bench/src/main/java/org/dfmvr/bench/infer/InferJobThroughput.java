package org.dfmvr.bench.infer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.infer.InferRunner;
import org.dfmvr.infer.InferSettings;
import org.dfmvr.infer.InferSummary;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.SynthJob;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.dfmvr.spark.SparkSessions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Harness: the infer job end to end in local Spark (listing, hashing, reconstruction, mesh files, Parquet, commit)
 * over synthetic shards of the tiny preset's size with an UNTRAINED tiny bundle, then the same run again over the
 * unchanged input (the incremental no-op a nightly run over an unchanged archive does).
 * usage: InferJobThroughput <subjects> [master, default local[2]]
 */
public final class InferJobThroughput {
    private InferJobThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int subjects = Integer.parseInt(args[0]);
        String master = args.length > 1 ? args[1] : "local[2]";
        NetworkSpec spec = NetworkSpec.tiny();
        int size = spec.imageSize();
        Path dir = Files.createTempDirectory("dfmvr-bench-infer-job");
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.ofEntries(Map.entry("dfmvr.spark.master", "\"" + master + "\""),
                Map.entry("dfmvr.synth.output", dir.resolve("raw").toString()),
                Map.entry("dfmvr.synth.subjects", "" + subjects), Map.entry("dfmvr.synth.expressions", "1"),
                Map.entry("dfmvr.synth.image-size", "" + size), Map.entry("dfmvr.ingest.source", "synthetic"),
                Map.entry("dfmvr.ingest.input", dir.resolve("raw").toString()),
                Map.entry("dfmvr.ingest.output", dir.resolve("shards").toString()),
                Map.entry("dfmvr.ingest.image-size", "" + size),
                Map.entry("dfmvr.infer.model", dir.resolve("bundle").toString()),
                Map.entry("dfmvr.infer.input", dir.resolve("shards").toString()),
                Map.entry("dfmvr.infer.out", dir.resolve("out").toString())));
        SparkSession spark = SparkSessions.getOrCreate("bench-infer-job", cfg);
        SynthRunner.run(spark, SynthJob.job(cfg), Duration.ofMinutes(10));
        IngestSettings ingest = IngestSettings.from(cfg);
        IngestRunner.run(spark, ingest, new SyntheticReader(ingest), Duration.ofMinutes(10));
        ModelBundle.write(FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(dir.resolve("bundle").toString()), new DfmvrNetworkBuilder(spec).build(),
                spec, "synthface", CoeffLayout.forModel(FaceModels.load("synthface"), spec.views()), Instant.now());
        InferSettings settings = InferSettings.from(cfg);
        for (int run = 1; run <= 2; run++) {
            InferSummary s = InferRunner.run(spark, settings, Duration.ofMinutes(10));
            System.out.printf("run %d (%s): listed %d, reconstructed %d, unchanged %d, quarantined %d in %.1f s = "
                            + "%.2f reconstructed/s; master %s; load average %.1f%n", run, run == 1 ? "fresh output"
                            : "unchanged input", s.listed(), s.reconstructed(), s.unchanged(), s.quarantined(),
                    s.seconds(), s.reconstructedPerSecond(), master,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        spark.stop();
    }
}
