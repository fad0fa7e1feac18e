package org.dfmvr.eval;

import org.dfmvr.cli.ConfigOptions;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.cli.JobCommand;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.progress.QuarantineLimit;
import org.dfmvr.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code eval}: ICP-registered point-to-plane RMSE at scale, reports to any Hadoop filesystem (spark-submit entry). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Register predicted meshes to ground truth (7-landmark similarity, then ICP) and report "
                + "point-to-plane RMSE (paper protocol) or NoW scan-to-mesh errors per sample and in aggregate, as "
                + "Parquet, summary.json and report.html."},
        footer = {"", "Defaults: conf/reference/eval.conf (keys dfmvr.eval.*).",
                "Example:  bin/dfmvr eval --pred work/infer --gt work/synthetic/shards --out work/eval",
                "Cluster:  spark-submit --class org.dfmvr.eval.EvalJob dfmvr-app.jar --pred hdfs:///archive/meshes "
                        + "--gt hdfs:///shards/test --out hdfs:///reports/run-001"})
public final class EvalJob implements JobCommand {
    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--pred", paramLabel = "[NAME=]URI",
            description = "Predictions written by infer; repeat (or name=URI) to compare sets (dfmvr.eval.pred).")
    List<String> pred;

    @Option(names = "--gt", paramLabel = "URI", description = "Ground truth: shards, OBJ/PLY folder, scans (dfmvr.eval.gt).")
    String gt;

    @Option(names = "--out", paramLabel = "URI", description = "Report folder (dfmvr.eval.out).")
    String out;

    @Option(names = "--protocol", paramLabel = "NAME", description = "pointplane or now (dfmvr.eval.protocol).")
    String protocol;

    @Option(names = "--baseline", paramLabel = "NAME", description = "mean-face: also score the face model's mean "
            + "face against the same ground truth, as a set of that name (dfmvr.eval.baseline).")
    String baseline;

    @Override
    public int order() {
        return 50;
    }

    @Override
    public Integer call() {
        DfmvrConfig cfg = config.load(ConfigOptions.keys("dfmvr.eval.pred", pred == null ? null : String.join(",", pred),
                "dfmvr.eval.gt", gt,
                "dfmvr.eval.out", out, "dfmvr.eval.protocol", protocol, "dfmvr.eval.baseline", baseline));
        if (config.printedOnly(cfg)) {
            return ExitCodes.OK;
        }
        EvalSettings settings = EvalSettings.from(cfg);
        QuarantineLimit limit = QuarantineLimit.from(cfg);
        SparkSession spark = SparkSessions.getOrCreate("dfmvr-eval-" + settings.protocol().protocol(), cfg);
        try {
            EvalReport report = EvalRunner.run(spark, settings, cfg.getDuration("dfmvr.progress.interval"));
            return limit.report(EvalRunner.jobSummary(settings, report));
        } catch (NothingEvaluatedException e) {
            limit.report(e.summary());
            System.err.println("eval failed: " + e.getMessage() + "; no report written");
            return ExitCodes.QUARANTINE_LIMIT;
        } catch (BadEvalInputException e) {
            LoggerFactory.getLogger(EvalJob.class).error("eval failed: {}", e.getMessage());
            return ExitCodes.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(DfmvrCli.execute(new EvalJob(), args));
    }
}
