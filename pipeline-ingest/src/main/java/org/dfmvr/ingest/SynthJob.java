package org.dfmvr.ingest;

import org.dfmvr.cli.ConfigOptions;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.cli.JobCommand;
import org.dfmvr.config.ConfigError;
import org.dfmvr.spark.SparkSessions;
import org.dfmvr.synth.SynthSettings;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.progress.JobSummary;
import org.dfmvr.progress.QuarantineLimit;
import org.dfmvr.progress.QuarantineReasons;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code synth}: renders a synthetic multi-view face dataset from a morphable model (spark-submit entry point). */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Render a synthetic multi-view face dataset (N subjects x M expressions x 3 views) from a "
                + "morphable model, in the folder layout of a real dataset, with ground-truth meshes, landmarks, "
                + "parse maps and coefficients. Deterministic given dfmvr.run.seed."},
        footer = {"", "Defaults: conf/reference/synth.conf (keys dfmvr.synth.*).",
                "Example:  bin/dfmvr synth --output work/synthetic/raw --subjects 12 --preview",
                "Cluster:  spark-submit --class org.dfmvr.ingest.SynthJob dfmvr-app.jar --output hdfs:///faces/raw"})
public final class SynthJob implements JobCommand {
    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--output", paramLabel = "URI", description = "Where the raw dataset goes (dfmvr.synth.output).")
    String output;

    @Option(names = "--subjects", paramLabel = "N", description = "Number of synthetic subjects (dfmvr.synth.subjects).")
    Integer subjects;

    @Option(names = "--expressions", paramLabel = "M", description = "Expressions per subject (dfmvr.synth.expressions).")
    Integer expressions;

    @Option(names = "--preview", description = "Also write a contact-sheet PNG (dfmvr.synth.preview).")
    Boolean preview;

    @Option(names = "--face-model", paramLabel = "SPEC", description = "Face model to render (dfmvr.synth.model): "
            + "synthface (fast test model), ict-face (shipped human model), ict:<folder>, bfm:<file>, cache:<file>.")
    String faceModel;

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Integer call() {
        DfmvrConfig cfg = config.load(ConfigOptions.keys("dfmvr.synth.output", output,
                "dfmvr.synth.subjects", subjects, "dfmvr.synth.expressions", expressions, "dfmvr.synth.preview", preview,
                "dfmvr.synth.model", faceModel));
        if (config.printedOnly(cfg)) {
            return ExitCodes.OK;
        }
        SynthRunner.Job job = job(cfg);
        QuarantineLimit limit = QuarantineLimit.from(cfg);
        try {
            long rendered = SynthRunner.run(SparkSessions.getOrCreate("dfmvr-synth", cfg), job,
                    cfg.getDuration("dfmvr.progress.interval"));
            java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
            outputs.put("dataset", job.output());
            outputs.put("manifest", job.output() + "/" + SyntheticLayout.MANIFEST);
            return limit.report(JobSummary.of("synth", "samples", (long) job.subjects() * job.expressions(), rendered,
                    0, new QuarantineReasons(), outputs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validated job from {@code dfmvr.synth.*}. */
    public static SynthRunner.Job job(DfmvrConfig cfg) {
        List<Double> yaws = cfg.getIntList("dfmvr.synth.yaws").stream().map(Integer::doubleValue).toList();
        SynthSettings render;
        try {
            render = new SynthSettings(cfg.getInt("dfmvr.synth.image-size", 16, 4096), yaws,
                    cfg.getDouble("dfmvr.synth.yaw-jitter"), cfg.getDouble("dfmvr.synth.tilt-jitter"),
                    cfg.getDouble("dfmvr.synth.translation-jitter-mm"), cfg.getDouble("dfmvr.synth.id-sigma"),
                    cfg.getDouble("dfmvr.synth.exp-sigma"), cfg.getDouble("dfmvr.synth.tex-sigma"),
                    cfg.getDouble("dfmvr.synth.light-sigma"), cfg.getDouble("dfmvr.synth.noise-sigma"),
                    cfg.getDouble("dfmvr.synth.landmark-noise-px"),
                    cfg.getStringList("dfmvr.synth.backgrounds"));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("dfmvr.synth", e.getMessage(), e);
        }
        return new SynthRunner.Job(cfg.getString("dfmvr.synth.output"), cfg.getString("dfmvr.synth.model"),
                cfg.getInt("dfmvr.synth.subjects", 1, 1_000_000), cfg.getInt("dfmvr.synth.expressions", 1, 100),
                cfg.getLong("dfmvr.run.seed"), cfg.getBoolean("dfmvr.synth.preview"), render);
    }

    public static void main(String[] args) {
        System.exit(DfmvrCli.execute(new SynthJob(), args));
    }
}
