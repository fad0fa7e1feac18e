package org.dfmvr.infer;

import org.dfmvr.cli.ConfigOptions;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.cli.JobCommand;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.bundle.BundleFormatException;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.ingest.BadInputException;
import org.dfmvr.progress.QuarantineLimit;
import org.dfmvr.spark.SparkSessions;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code infer}: batch reconstruction of 3D face meshes over a photo archive (spark-submit entry point). */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Reconstruct 3D face meshes (OBJ/PLY, coefficients, per-view poses, quality flags) from ingest "
                + "shards or a raw photo archive, incrementally: only new or changed samples are reconstructed."},
        footer = {"", "Defaults: conf/reference/infer.conf (keys dfmvr.infer.*).",
                "Example:  bin/dfmvr infer --model work/train/bundle --input work/synthetic/shards --out work/infer",
                "Cluster:  spark-submit --class org.dfmvr.infer.InferJob dfmvr-app.jar --model hdfs:///models/bundle "
                        + "--input hdfs:///archive/photos --out hdfs:///archive/meshes"})
public final class InferJob implements JobCommand {
    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle written by train (dfmvr.infer.model).")
    String model;

    @Option(names = "--input", paramLabel = "URI", description = "Shards, a photo folder or a manifest (dfmvr.infer.input).")
    String input;

    @Option(names = "--out", paramLabel = "URI", description = "Where meshes and the result table go (dfmvr.infer.out).")
    String out;

    @Option(names = "--remove-missing", description = "Remove results of samples no longer in the input "
            + "(dfmvr.infer.remove-missing; default: keep them).")
    Boolean removeMissing;

    @Override
    public int order() {
        return 40;
    }

    @Override
    public Integer call() {
        DfmvrConfig cfg = config.load(ConfigOptions.keys("dfmvr.infer.model", model, "dfmvr.infer.input", input,
                "dfmvr.infer.out", out, "dfmvr.infer.remove-missing", removeMissing));
        if (config.printedOnly(cfg)) {
            return ExitCodes.OK;
        }
        InferSettings settings = InferSettings.from(cfg);
        SparkSession spark = SparkSessions.getOrCreate("dfmvr-infer", cfg);
        QuarantineLimit limit = QuarantineLimit.from(cfg);
        try {
            InferSummary done = InferRunner.run(spark, settings, cfg.getDuration("dfmvr.progress.interval"));
            return limit.report(InferRunner.summary(spark, done));
        } catch (BadInputException | BundleFormatException e) {
            LoggerFactory.getLogger(InferJob.class).error("infer failed: {}", e.getMessage());
            return ExitCodes.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(DfmvrCli.execute(new InferJob(), args));
    }
}
