package org.dfmvr.ingest;

import org.dfmvr.cli.ConfigOptions;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.cli.JobCommand;
import org.dfmvr.config.DfmvrConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.apache.spark.sql.SparkSession;
import org.dfmvr.progress.QuarantineLimit;
import org.dfmvr.spark.SparkSessions;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** {@code ingest}: raw multi-view face datasets in, aligned versioned Parquet shards out (spark-submit entry point). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read a raw multi-view face dataset, detect/align/crop each view, and write versioned Parquet "
                + "shards (schema v1) plus a quarantine table of unusable records."},
        footer = {"", "Defaults: conf/reference/ingest.conf (keys dfmvr.ingest.*).",
                "Example:  bin/dfmvr ingest --source synthetic --input work/synthetic/raw --output work/synthetic/shards",
                "Cluster:  spark-submit --class org.dfmvr.ingest.IngestJob dfmvr-app.jar --source multipie "
                        + "--input hdfs:///raw/multipie --output hdfs:///shards/multipie"})
public final class IngestJob implements JobCommand {
    /** Dataset readers, by the name given to {@code --source}. */
    public static final Set<String> SOURCES = Set.of("synthetic", "pixelface", "multipie", "bosphorus", "celebamask");

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--source", paramLabel = "KIND",
            description = "Dataset kind: synthetic, pixelface, multipie, bosphorus, celebamask (dfmvr.ingest.source).")
    String source;

    @Option(names = "--input", paramLabel = "URI", description = "Root of the raw dataset (dfmvr.ingest.input).")
    String input;

    @Option(names = "--output", paramLabel = "URI", description = "Where the shards go (dfmvr.ingest.output).")
    String output;

    @Override
    public int order() {
        return 20;
    }

    @Override
    public Integer call() {
        DfmvrConfig cfg = config.load(ConfigOptions.keys("dfmvr.ingest.source", source,
                "dfmvr.ingest.input", input, "dfmvr.ingest.output", output));
        if (config.printedOnly(cfg)) {
            return ExitCodes.OK;
        }
        IngestSettings settings = IngestSettings.from(cfg);
        DatasetReader reader = switch (settings.source()) {
            case "synthetic" -> new SyntheticReader(settings);
            case "multipie" -> new MultiPieReader(settings);
            case "bosphorus" -> new BosphorusReader(settings);
            case "celebamask" -> new CelebAMaskReader(settings);
            case "pixelface" -> new PixelFaceReader(settings);
            default -> throw new IllegalStateException("source " + settings.source() + " passed validation but has no reader");
        };
        SparkSession spark = SparkSessions.getOrCreate("dfmvr-ingest-" + settings.source(), cfg);
        QuarantineLimit limit = QuarantineLimit.from(cfg);
        try {
            IngestSummary done = IngestRunner.run(spark, settings, reader, cfg.getDuration("dfmvr.progress.interval"));
            return limit.report(IngestRunner.summary(spark, done));
        } catch (BadInputException e) {
            LoggerFactory.getLogger(IngestJob.class).error("ingest failed: {}", e.getMessage());
            return ExitCodes.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(DfmvrCli.execute(new IngestJob(), args));
    }
}
