package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in local Spark on {@link SyntheticEvalData}: two prediction sets compared in one report (exact copies
 * and perturbed copies of the ground truth, both moved by a random similarity), one corrupt prediction. One run,
 * each test checks one behaviour of its output.
 */
class EvalRunnerTest {
    @TempDir
    static Path dir;
    static SyntheticEvalData data;
    static EvalReport report;
    static Path out;

    @BeforeAll
    static void runEvalOnce() throws Exception {
        data = new SyntheticEvalData(dir.resolve("in"));
        out = dir.resolve("report");
        report = EvalRunner.run(LocalSpark.session(), settings(data, out.toString(), "pointplane"), Duration.ofSeconds(1));
    }

    static EvalSettings settings(SyntheticEvalData data, String out, String protocol) {
        return EvalSettings.from(DfmvrConfig.load(null, Map.of(
                "dfmvr.eval.pred", "\"exact=" + data.exact + ",perturbed=" + data.perturbed + "\"",
                "dfmvr.eval.gt", "\"" + data.gt + "\"",
                "dfmvr.eval.out", "\"" + out + "\"",
                "dfmvr.eval.protocol", protocol)));
    }

    private static EvalReport.SetReport set(String name) {
        return report.sets().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void givenExactCopiesMovedBySimilarity_whenEvaluated_thenErrorsVanishAfterRegistration() {
        EvalReport.SetReport exact = set("exact");
        assertThat(exact.summary().includedCount()).isEqualTo(SyntheticEvalData.SAMPLES);
        assertThat(exact.summary().perSample().max()).isLessThan(0.01);
        assertThat(exact.samples()).allSatisfy(r -> assertThat(r.scale()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-3)));
    }

    @Test
    void givenPerturbedCopies_whenEvaluated_thenErrorsAreLargerAndGrowWithThePerturbation() {
        EvalReport.SetReport perturbed = set("perturbed");
        assertThat(perturbed.summary().perSample().mean()).isGreaterThan(0.1);
        double[] headlines = perturbed.samples().stream().mapToDouble(r -> r.score().headlineMm()).toArray();
        assertThat(headlines[0]).isLessThan(headlines[headlines.length - 1]);
    }

    @Test
    void givenACorruptPrediction_whenEvaluated_thenItIsQuarantinedAtReadAndNotCounted() {
        EvalReport.SetReport perturbed = set("perturbed");
        assertThat(perturbed.samples()).hasSize(SyntheticEvalData.SAMPLES);
        assertThat(perturbed.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.sampleId()).isEqualTo(SyntheticEvalData.CORRUPT_ID);
            assertThat(q.stage()).isEqualTo("read");
            assertThat(q.reason()).contains("unreadable mesh");
        });
    }

    @Test
    void givenGroundTruthWithoutPrediction_whenPaired_thenItIsQuarantinedAtPair() {
        assertThat(set("exact").quarantined()).singleElement().satisfies(q -> {
            assertThat(q.sampleId()).isEqualTo(SyntheticEvalData.CORRUPT_ID);
            assertThat(q.stage()).isEqualTo("pair");
        });
    }

    @Test
    void whenWritten_thenSummaryJsonCarriesTheStampAndTheSameNumbers() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(out.resolve(ReportWriter.SUMMARY_FILE).toFile());
        assertThat(summary.path("stamp").path("parameter_hash").asText()).isEqualTo(report.stamp().parameterHash());
        assertThat(summary.path("stamp").path("protocol").asText()).isEqualTo("pointplane");
        JsonNode perturbed = summary.path("sets").get(1);
        assertThat(perturbed.path("name").asText()).isEqualTo("perturbed");
        assertThat(perturbed.path("per_sample").path("mean").asDouble())
                .isEqualTo(set("perturbed").summary().perSample().mean());
        assertThat(perturbed.path("quarantined").asInt()).isEqualTo(1);
    }

    @Test
    void whenWritten_thenPerSampleParquetHasOneRowPerEvaluatedSample() {
        SparkSession spark = LocalSpark.session();
        List<Row> rows = spark.read().parquet(out.resolve(ReportWriter.SAMPLES_DIR).toString())
                .where("prediction_set = 'perturbed'").orderBy("sample_id").collectAsList();
        assertThat(rows).hasSize(SyntheticEvalData.SAMPLES);
        assertThat(rows.get(0).<Double>getAs("headline_mm"))
                .isEqualTo(set("perturbed").samples().get(0).score().headlineMm());
        assertThat(spark.read().parquet(out.resolve(ReportWriter.QUARANTINE_DIR).toString()).count()).isEqualTo(2);
    }

    @Test
    void whenWritten_thenReportHtmlIsSelfContainedWithPlotAndErrorMaps() throws Exception {
        String html = Files.readString(out.resolve(ReportWriter.HTML_FILE));
        assertThat(html).contains("<svg", "<polyline", report.stamp().parameterHash());
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(1 + 3 + 3); // best/median/worst per set
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "<script");
    }
}
