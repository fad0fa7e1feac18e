package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dfmvr.cli.DfmvrCli;
import org.dfmvr.cli.ExitCodes;
import org.dfmvr.config.ConfigError;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --baseline mean-face} beside the predictions in one report; summaries that stay finite when samples are
 * flagged (the mean over all samples beside the mean over unflagged ones); the console's closing summary and exit
 * status of the eval job.
 */
@Tag("spark")
class BaselineAndSummaryTest {
    @TempDir
    Path dir;

    private EvalSettings settings(String pred, String gt, Map<String, String> more) {
        Map<String, String> keys = new HashMap<>(Map.of("dfmvr.eval.pred", "\"" + pred + "\"",
                "dfmvr.eval.gt", "\"" + gt + "\"", "dfmvr.eval.out", "\"" + dir.resolve("report") + "\""));
        keys.putAll(more);
        return EvalSettings.from(DfmvrConfig.load(null, keys));
    }

    private EvalReport run(EvalSettings settings) throws IOException {
        return EvalRunner.run(LocalSpark.session(), settings, Duration.ofSeconds(5));
    }

    /** A prediction folder holding only the given samples of {@code from}. */
    private Path subset(Path from, String name, List<String> ids) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        for (String id : ids) {
            Files.copy(from.resolve(PredictionIndex.stem(id) + ".obj"), out.resolve(PredictionIndex.stem(id) + ".obj"));
        }
        SyntheticEvalData.writeIndex(out, ids);
        return out;
    }

    @Test
    void givenBaselineMeanFace_whenEvaluated_thenTheModelsMeanFaceIsScoredOnTheSameSamplesBesideThePredictions()
            throws IOException {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        EvalSettings settings = settings(data.exact.toString(), data.gt.toString(),
                Map.of("dfmvr.eval.baseline", "mean-face"));

        EvalReport report = run(settings);

        assertThat(report.sets()).extracting(EvalReport.SetReport::name).containsExactly("exact", "mean-face");
        EvalReport.SetReport exact = report.sets().get(0), mean = report.sets().get(1);
        assertThat(mean.samples()).extracting(r -> r.pair().sampleId())
                .containsExactlyElementsOf(exact.samples().stream().map(r -> r.pair().sampleId()).toList());
        assertThat(mean.samples()).allSatisfy(r -> assertThat(r.pair().predictedMesh())
                .isEqualTo(PairLoader.MEAN_FACE_PREFIX + SyntheticEvalData.MODEL_SPEC));
        assertThat(exact.allSamples().mean()).isLessThan(0.01);
        // the ground truths are random identities: the mean face is clearly worse than their exact shapes
        assertThat(mean.allSamples().mean()).isGreaterThan(0.1).isGreaterThan(100 * exact.allSamples().mean());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("report/summary.json").toFile());
        assertThat(summary.path("sets").get(1).path("name").asText()).isEqualTo("mean-face");
        assertThat(summary.path("sets").get(1).path("per_sample_all").path("mean").asDouble())
                .isEqualTo(mean.allSamples().mean());
        assertThat(Files.readString(dir.resolve("report/report.html"))).contains("mean-face");
    }

    @Test
    void givenAPredictionSetNamedLikeTheBaseline_whenConfigured_thenItIsAConfigErrorNamingTheBaselineKey() {
        assertThatThrownBy(() -> settings("mean-face=/x", "/gt", Map.of("dfmvr.eval.baseline", "mean-face")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.eval.baseline");
        assertThatThrownBy(() -> settings("/x", "/gt", Map.of("dfmvr.eval.baseline", "median-face")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("dfmvr.eval.baseline");
    }

    @Test
    void givenTwoSamplesOneFlaggedAsOutlier_whenSummarised_thenBothMeansAreFiniteAndTheConsoleTableShowsThem()
            throws IOException {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        Path two = subset(data.perturbed, "two", List.of("synthetic/s000/e01", "synthetic/s003/e01"));
        // the worse of two is above 1.0001 x their median: flagged residual_outlier, its headline still a number
        EvalReport report = run(settings(two.toString(), data.gt.toString(),
                Map.of("dfmvr.eval.outlier-factor", "1.0001")));

        EvalReport.SetReport set = report.sets().get(0);
        assertThat(set.summary().sampleCount()).isEqualTo(2);
        assertThat(set.summary().includedCount()).isEqualTo(1);
        double better = set.samples().get(0).score().headlineMm(), worse = set.samples().get(1).score().headlineMm();
        assertThat(set.summary().perSample().mean()).isEqualTo(better);
        assertThat(set.allSamples().mean()).isCloseTo((better + worse) / 2, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode s = new ObjectMapper().readTree(dir.resolve("report/summary.json").toFile()).path("sets").get(0);
        assertThat(s.path("per_sample").path("mean").asDouble()).isEqualTo(better);
        assertThat(s.path("per_sample_all").path("mean").asDouble()).isEqualTo(set.allSamples().mean());
        List<String> table = EvalRunner.summaryTable(report);
        assertThat(table.get(0)).contains("mean mm (unflagged)").contains("mean mm (all)");
        assertThat(table.get(1)).startsWith("two").doesNotContain("n/a")
                .contains(String.format(java.util.Locale.ROOT, "%.3f", better))
                .contains(String.format(java.util.Locale.ROOT, "%.3f", set.allSamples().mean()));
    }

    @Test
    void givenOneSampleWhoseRegistrationFailed_whenSummarised_thenNoStatisticIsNaNInTheJsonOrOnTheConsole()
            throws IOException {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        Path one = subset(data.exact, "one", List.of("synthetic/s000/e01"));
        // more correspondences than the scan has vertices: flagged (crop_too_small), no headline
        EvalReport report = run(settings(one.toString(), data.gt.toString(),
                Map.of("dfmvr.eval.icp.min-correspondences", "100000000")));

        assertThat(report.sets().get(0).summary().includedCount()).isZero();
        String json = Files.readString(dir.resolve("report/summary.json"));
        // no non-standard number token anywhere (the parameter string may spell "Infinity" inside quotes)
        assertThat(json).doesNotContainPattern("[:\\[,]\\s*-?(NaN|Infinity)");
        JsonNode s = new ObjectMapper().readTree(json).path("sets").get(0);
        assertThat(s.path("per_sample").path("mean").isNull()).isTrue();
        assertThat(s.path("per_sample_all").path("mean").isNull()).isTrue();
        assertThat(s.path("flagged").get(0).path("flags").size()).isPositive();
        assertThat(s.path("flagged").get(0).path("headline_mm").isNull()).isTrue();
        assertThat(EvalRunner.summaryTable(report).get(1)).startsWith("one").contains("n/a").doesNotContain("NaN");
    }

    @Test
    void givenTheEvalJob_whenItFinishes_thenTheConsoleShowsTheSummaryTableAndItExitsZero() throws IOException {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        LocalSpark.session();

        Console console = Console.capture(() -> DfmvrCli.execute(new EvalJob(), "--pred", data.exact.toString(),
                "--gt", data.gt.toString(), "--out", dir.resolve("report").toString(), "--baseline", "mean-face"));

        assertThat(console.rc).isEqualTo(ExitCodes.OK);
        assertThat(console.out).contains("== eval summary ==").contains("predictions in: 10, out: 10, quarantined: 0")
                .contains("mean mm (unflagged)").contains("mean-face").contains("report.html")
                // the extra ground truth without a prediction is reported, not counted as a failed prediction
                .contains("1 ground-truth entries have no prediction");
    }

    @Test
    void givenASetWhosePredictionsAreAllUnreadable_whenTheEvalJobRuns_thenItExitsFourWithTheReasonsOnTheConsole()
            throws IOException {
        SyntheticEvalData data = new SyntheticEvalData(dir.resolve("in"));
        Path corrupt = subset(data.perturbed, "corrupt", List.of(SyntheticEvalData.CORRUPT_ID));
        LocalSpark.session();

        Console console = Console.capture(() -> DfmvrCli.execute(new EvalJob(), "--pred", corrupt.toString(),
                "--gt", data.gt.toString(), "--out", dir.resolve("report").toString()));

        assertThat(console.rc).isEqualTo(ExitCodes.QUARANTINE_LIMIT);
        assertThat(console.out).contains("predictions in: 1, out: 0, quarantined: 1").contains("read: ")
                .contains(SyntheticEvalData.CORRUPT_ID);
        assertThat(console.err).contains("eval failed").contains("no evaluable sample");
        assertThat(dir.resolve("report")).doesNotExist();
    }

    /** What a command printed and returned. */
    record Console(int rc, String out, String err) {
        static Console capture(java.util.function.IntSupplier command) {
            PrintStream out = System.out, err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
            int rc;
            try {
                System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
                rc = command.getAsInt();
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            Console c = new Console(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            System.out.print(c.out + c.err); // what the user saw, kept in the test log
            return c;
        }
    }
}
