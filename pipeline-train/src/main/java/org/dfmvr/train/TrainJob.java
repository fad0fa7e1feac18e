package org.dfmvr.train;

import org.dfmvr.cli.ConfigOptions;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.cli.JobCommand;
import org.dfmvr.spark.SparkSessions;
import org.dfmvr.config.DfmvrConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/** {@code train}: data-parallel training of the DF-MVR graph through DL4J's parameter server (spark-submit entry). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the DF-MVR graph (or the face-parse net with --model parse) from ingest shards on Spark "
                + "executors, with gradient sharing through DL4J's parameter server, checkpoints to any Hadoop "
                + "filesystem, and a versioned model bundle at the end."},
        footer = {"", "Defaults: conf/reference/train.conf (keys dfmvr.train.*).",
                "Example:  bin/dfmvr train --data work/synthetic/shards --out work/train --preset tiny",
                "Parse:    bin/dfmvr train --model parse --data work/synthetic/shards --out work/parse --preset tiny",
                "Cluster:  spark-submit --class org.dfmvr.train.TrainJob dfmvr-app.jar --data hdfs:///shards "
                        + "--out hdfs:///models/run-001 --preset paper"})
public final class TrainJob implements JobCommand {
    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--data", paramLabel = "URI", description = "Ingest shards to train on (dfmvr.train.data).")
    String data;

    @Option(names = "--out", paramLabel = "URI", description = "Checkpoints, metrics and the bundle (dfmvr.train.out).")
    String out;

    @Option(names = "--model", paramLabel = "KIND", description = "dfmvr or parse (dfmvr.train.model).")
    String model;

    @Option(names = "--preset", paramLabel = "NAME", description = "tiny, small or paper (dfmvr.train.preset; with "
            + "--model parse: tiny or paper, dfmvr.train.parse.preset).")
    String preset;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train (dfmvr.train.epochs).")
    Integer epochs;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in --out (dfmvr.train.resume).")
    Boolean resume;

    @Option(names = "--overwrite", description = "Start a new run in an --out that holds another train run, removing "
            + "only what the train job wrote there (dfmvr.train.overwrite).")
    Boolean overwrite;

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Integer call() {
        DfmvrConfig cfg = config.load(ConfigOptions.keys("dfmvr.train.data", data, "dfmvr.train.out", out,
                "dfmvr.train.model", model,
                TrainSettings.PARSE.equals(model) ? "dfmvr.train.parse.preset" : "dfmvr.train.preset", preset,
                "dfmvr.train.epochs", epochs,
                "dfmvr.train.resume", resume, "dfmvr.train.overwrite", overwrite));
        if (config.printedOnly(cfg)) {
            return ExitCodes.OK;
        }
        TrainSettings settings = TrainSettings.from(cfg);
        org.dfmvr.progress.QuarantineLimit limit = org.dfmvr.progress.QuarantineLimit.from(cfg);
        try {
            var spark = SparkSessions.getOrCreate("dfmvr-train", cfg);
            TrainState state = TrainRunner.run(spark, settings, cfg.render());
            return limit.report(TrainRunner.summary(spark, settings, state));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(DfmvrCli.execute(new TrainJob(), args));
    }
}
