package org.dfmvr.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
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
    private static final String TEST_SPLIT = "v1/split=test";
    /** Eval set names: the product's output, the network without the landmark fit, the baseline. */
    static final String RECONSTRUCTION = "reconstruction", NETWORK_ONLY = "network-only", MEAN_FACE = "mean-face";

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
        String networkOnly = workDir.resolve("infer-network-only").toString();
        String heldOut = heldOut().toString();
        // The tiny preset takes 64 px views: make and align the data at that size. 200 identities x 1 expression
        // (identities, not expressions, are what the held-out split needs: 24 test subjects) keep it
        // within its time budget on 2 cores (docs/experiments.md has the measurements).
        // -D options given to quickstart come later and win.
        return List.of(
                // 1 px of landmark noise: the landmark fit sees landmarks as a detector would give them, not the
                // exact projections
                List.of("synth", "--output", raw, "-Ddfmvr.synth.image-size=64", "-Ddfmvr.synth.subjects=200",
                        "-Ddfmvr.synth.expressions=1", "-Ddfmvr.synth.landmark-noise-px=1.0"),
                List.of("ingest", "--source", "synthetic", "--input", raw, "--output", shards,
                        "-Ddfmvr.ingest.image-size=64"),
                // the quick start owns its work folder: a re-run replaces its earlier training run
                List.of("train", "--data", shards, "--out", train, "--preset", "tiny", "--overwrite"),
                List.of("infer", "--model", workDir.resolve("train/bundle").toString(), "--input", heldOut, "--out",
                        infer, "-Ddfmvr.infer.overlay=true"),
                // the same bundle without the landmark fit: how much of the result is the network's alone
                List.of("infer", "--model", workDir.resolve("train/bundle").toString(), "--input", heldOut, "--out",
                        networkOnly, "-Ddfmvr.infer.landmark-fit.enabled=false"),
                List.of("eval", "--pred", RECONSTRUCTION + "=" + infer, "--pred", NETWORK_ONLY + "=" + networkOnly,
                        "--baseline", MEAN_FACE, "--gt", heldOut, "--out",
                        workDir.resolve("eval").toString()));
    }

    /** The shards of the test split only: subjects train never saw (ingest splits by subject). */
    private Path heldOut() {
        return workDir.resolve("held-out");
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
            if (name.equals("infer") && stages.subList(0, i).stream().noneMatch(st -> st.get(0).equals("infer"))) {
                copyTestSplit(workDir.resolve("shards"), heldOut());
            }
            LOG.info("quickstart stage {}/{}: {} {}", i + 1, stages.size(), name, String.join(" ", args));
            int rc = sub.execute(args.toArray(String[]::new));
            if (rc != ExitCodes.OK) {
                LOG.error("quickstart stopped at stage {}/{} ({}), exit status {}", i + 1, stages.size(), name, rc);
                return rc;
            }
        }
        reportAgainstBaseline();
        LOG.info("quickstart done: report {}, meshes in {}", workDir.resolve("eval/report.html"),
                workDir.resolve("infer"));
        return ExitCodes.OK;
    }

    /**
     * Infer and eval read a folder holding {@code v1/}: give them one with only {@code v1/split=test}, so the printed
     * RMSE is measured on held-out subjects, never on the ones the network was trained on.
     */
    static void copyTestSplit(Path shards, Path heldOut) {
        Path from = shards.resolve(TEST_SPLIT);
        Path to = heldOut.resolve(TEST_SPLIT);
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException("ingest wrote no test split (" + from + "): quickstart needs held-out "
                    + "subjects to score; raise dfmvr.synth.subjects");
        }
        try {
            deleteTree(heldOut);
            Files.createDirectories(to);
            try (var files = Files.list(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the test split to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private void reportAgainstBaseline() {
        try {
            JsonNode summary = new ObjectMapper().readTree(workDir.resolve("eval/summary.json").toFile());
            Map<String, Double> means = new java.util.HashMap<>();
            for (JsonNode set : summary.path("sets")) {
                means.put(set.path("name").asText(), set.path("per_sample").path("mean").asDouble(Double.NaN));
            }
            double reconstruction = means.getOrDefault(RECONSTRUCTION, Double.NaN);
            double baseline = means.getOrDefault(MEAN_FACE, Double.NaN);
            String line = String.format(java.util.Locale.ROOT, "quickstart result: point-to-plane RMSE %.3f mm "
                    + "(network + landmark fit, mean over samples) vs the mean-face baseline %.3f mm: %s by %.1f%%;"
                    + " the network alone %.3f mm", reconstruction, baseline,
                    reconstruction < baseline ? "better" : "NOT better",
                    100 * Math.abs(baseline - reconstruction) / baseline,
                    means.getOrDefault(NETWORK_ONLY, Double.NaN));
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
            LOG.info(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the eval summary: " + e.getMessage(), e);
        }
    }
}
