package org.dfmvr.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dfmvr quickstart}: the whole pipeline on the embedded default (built-in synthetic face model, local Spark,
 * local filesystem) by running the real subcommands one after another, each with the same {@code --conf}/{@code -D}.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Run synth -> ingest -> train (tiny) -> infer -> eval in local Spark on a synthetic face dataset "
                + "the project generates itself, then name the report and meshes it wrote."},
        footer = {"", "Example:  bin/dfmvr quickstart --work-dir work/quickstart"})
public final class QuickstartCommand implements JobCommand {
    private static final Logger LOG = LoggerFactory.getLogger(QuickstartCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--work-dir", defaultValue = "work/quickstart", paramLabel = "DIR",
            description = "Folder for every stage's output (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file passed to every stage.")
    Path confFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Config override passed to every stage.")
    Map<String, String> overrides = new java.util.LinkedHashMap<>();

    @Override
    public int order() {
        return 80;
    }

    /** The stages and their arguments, in order. */
    List<List<String>> stages() {
        String raw = workDir.resolve("raw").toString();
        String shards = workDir.resolve("shards").toString();
        String train = workDir.resolve("train").toString();
        String infer = workDir.resolve("infer").toString();
        return List.of(
                List.of("synth", "--output", raw),
                List.of("ingest", "--source", "synthetic", "--input", raw, "--output", shards),
                List.of("train", "--data", shards, "--out", train, "--preset", "tiny"),
                List.of("infer", "--model", workDir.resolve("train/bundle").toString(), "--input", shards, "--out", infer),
                List.of("eval", "--pred", infer, "--gt", shards, "--out", workDir.resolve("eval").toString()));
    }

    @Override
    public Integer call() {
        CommandLine root = spec.parent() == null ? null : spec.parent().commandLine();
        List<List<String>> stages = stages();
        for (int i = 0; i < stages.size(); i++) {
            List<String> stage = stages.get(i);
            String name = stage.get(0);
            CommandLine sub = root == null ? null : root.getSubcommands().get(name);
            if (sub == null) {
                throw new NotAvailableException(name, "quickstart stage " + (i + 1) + "/" + stages.size());
            }
            List<String> args = new ArrayList<>(stage.subList(1, stage.size()));
            if (confFile != null) {
                args.addAll(List.of("--conf", confFile.toString()));
            }
            overrides.forEach((k, v) -> args.add("-D" + k + "=" + v));
            LOG.info("quickstart stage {}/{}: {} {}", i + 1, stages.size(), name, String.join(" ", args));
            int rc = sub.execute(args.toArray(String[]::new));
            if (rc != ExitCodes.OK) {
                LOG.error("quickstart stopped at stage {}/{} ({}), exit status {}", i + 1, stages.size(), name, rc);
                return rc;
            }
        }
        LOG.info("quickstart done: report {}", workDir.resolve("eval/report.html"));
        return ExitCodes.OK;
    }
}
