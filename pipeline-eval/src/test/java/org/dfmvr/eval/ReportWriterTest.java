package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.eval.protocol.BatchSummary;
import org.dfmvr.eval.protocol.ErrorStatistics;
import org.dfmvr.eval.protocol.ProtocolStamp;
import org.dfmvr.eval.protocol.RegistrationFlag;
import org.dfmvr.eval.protocol.SampleScore;
import org.junit.jupiter.api.Test;

/** summary.json and report.html list flagged samples without averaging them in. */
class ReportWriterTest {
    private static final ProtocolStamp STAMP = ProtocolStamp.of("pointplane", 1, "crop=95");

    private static SampleResult result(String id, double headline, Set<RegistrationFlag> flags) {
        return new SampleResult(new PairRef("s", id, id + ".obj", "synthface", id + ".ply", null),
                new SampleScore(STAMP, headline, flags, new double[] {headline}), new int[] {0}, headline, headline, 0,
                headline, headline, 4, "converged", 1);
    }

    @Test
    void givenAFlaggedSample_whenSummarised_thenItIsListedWithItsFlagsButNotAveragedIn() {
        List<SampleResult> samples = List.of(result("a", 1.0, Set.of()), result("b", 3.0, Set.of()),
                result("c", 50.0, EnumSet.of(RegistrationFlag.SCALE_OUT_OF_RANGE)));
        BatchSummary summary = ErrorStatistics.aggregateScores(samples.stream().map(SampleResult::score).toList(),
                10, new double[] {50}, 5, 10);
        EvalReport report = new EvalReport(STAMP, "gt", List.of(new EvalReport.SetReport("s", "/s", summary, samples,
                List.of(), List.of())));
        EvalSettings settings = EvalSettings.from(DfmvrConfig.load(null, Map.of()));

        Map<String, Object> json = ReportWriter.summaryJson(report, settings);
        @SuppressWarnings("unchecked")
        Map<String, Object> set = ((List<Map<String, Object>>) json.get("sets")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> perSample = (Map<String, Object>) set.get("per_sample");

        assertThat(perSample.get("mean")).isEqualTo(2.0);
        assertThat(set.get("included")).isEqualTo(2);
        assertThat(set.get("flagged")).asList().singleElement().asString()
                .contains("sample_id=c").contains("scale_out_of_range");
        assertThat(HtmlReport.render(report, settings)).contains("scale_out_of_range");
    }
}
