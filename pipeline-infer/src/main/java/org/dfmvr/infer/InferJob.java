package org.dfmvr.infer;

import org.dfmvr.cli.ConfigOptions;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.cli.JobCommand;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.bundle.BundleFormatException;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.ingest.BadInputException;
import org.dfmvr.progress.JobSummary;
import org.dfmvr.progress.QuarantineLimit;
import org.dfmvr.spark.QuarantineTally;
import org.dfmvr.spark.SparkSessions;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
            return limit.report(summary(spark, done));
        } catch (BadInputException | BundleFormatException e) {
            LoggerFactory.getLogger(InferJob.class).error("infer failed: {}", e.getMessage());
            return ExitCodes.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The closing summary: in = samples listed, out = reconstructed + unchanged, the quarantine reasons (read back
     * from the committed table) and the landmark fit's effect.
     */
    static JobSummary summary(SparkSession spark, InferSummary done) throws IOException {
        String out = done.out().replaceAll("/+$", "");
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("meshes", out);
        outputs.put("result table", out + "/" + InferRunner.RESULTS);
        outputs.put("quarantine table", out + "/" + InferRunner.QUARANTINE);
        outputs.put("metrics", out + "/" + InferRunner.METRICS);
        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "reconstructed %d, unchanged %d, low quality %d, landmark fit on %d",
                done.reconstructed(), done.unchanged(), done.lowQuality(), done.landmarkFitted()));
        details.add(String.format(Locale.ROOT, "68-point landmarks: %d views detected on the photos, %d views with"
                        + " landmarks of any source, %d samples with detected landmarks", done.landmarkDetectedViews(),
                done.landmarkViews(), done.landmarkDetectedSamples()));
        if (done.landmarkFitted() > 0) {
            details.add(String.format(Locale.ROOT, "landmark reprojection RMS %.3f px (network) -> %.3f px (fit)",
                    done.landmarkFitInitialRmsPx(), done.landmarkFitFinalRmsPx()));
        }
        return new JobSummary("infer", "samples", done.listed(), done.reconstructed() + done.unchanged(),
                done.quarantined(), QuarantineTally.ofTable(spark, out + "/" + InferRunner.QUARANTINE), outputs,
                details);
    }

    public static void main(String[] args) {
        System.exit(DfmvrCli.execute(new InferJob(), args));
    }
}
