package org.dfmvr.bench.ingest;

import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.IngestSummary;
import org.dfmvr.ingest.SynthRunner;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.spark.SparkSessions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Harness: synth then ingest of the synthetic set in local Spark, timed end to end per stage (Spark job overheads
 * included: this is what a user waits for). Run twice in one JVM; the second (warm) run is the one to report.
 * usage: IngestThroughput <subjects> <imageSize> [master, default local[2]]
 */
public final class IngestThroughput {
    private IngestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int subjects = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        String master = args.length > 2 ? args[2] : "local[2]";
        Path dir = Files.createTempDirectory("dfmvr-bench-ingest");
        DfmvrConfig cfg = DfmvrConfig.load(null, Map.of("dfmvr.spark.master", "\"" + master + "\"",
                "dfmvr.synth.output", dir.resolve("raw").toString(), "dfmvr.synth.subjects", "" + subjects,
                "dfmvr.synth.expressions", "1", "dfmvr.synth.image-size", "" + size,
                "dfmvr.ingest.source", "synthetic", "dfmvr.ingest.input", dir.resolve("raw").toString(),
                "dfmvr.ingest.output", dir.resolve("shards").toString(), "dfmvr.ingest.image-size", "" + size));
        SparkSession spark = SparkSessions.getOrCreate("bench-ingest", cfg);
        for (int run = 1; run <= 2; run++) {
            long t0 = System.nanoTime();
            long n = SynthRunner.run(spark, org.dfmvr.ingest.SynthJob.job(cfg), Duration.ofMinutes(10));
            double synthSeconds = (System.nanoTime() - t0) / 1e9;
            IngestSettings settings = IngestSettings.from(cfg);
            long t1 = System.nanoTime();
            IngestSummary s = IngestRunner.run(spark, settings, new SyntheticReader(settings), Duration.ofMinutes(10));
            double ingestSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("run %d: %d samples (3 views, %d px), master %s: synth %.1f s = %.2f samples/s; "
                            + "ingest %.1f s = %.2f samples/s (ok %d, quarantined %d); load average %.1f%n", run, n, size,
                    master, synthSeconds, n / synthSeconds, ingestSeconds, s.read() / ingestSeconds, s.ok(),
                    s.quarantined(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
        }
        spark.stop();
    }
}
