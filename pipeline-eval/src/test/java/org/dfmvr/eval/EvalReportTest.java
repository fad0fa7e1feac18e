package org.dfmvr.eval;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.dfmvr.eval.protocol.BatchSummary;
import org.dfmvr.eval.protocol.ErrorStatistics;
import org.dfmvr.eval.protocol.ProtocolStamp;
import org.dfmvr.eval.protocol.SampleScore;
import org.junit.jupiter.api.Test;

/** Comparison mode refuses to put numbers computed differently side by side. */
class EvalReportTest {
    private static final ProtocolStamp CROP_95 = ProtocolStamp.of("pointplane", 1, "crop=95");
    private static final ProtocolStamp CROP_80 = ProtocolStamp.of("pointplane", 1, "crop=80");

    private static EvalReport.SetReport set(String name, ProtocolStamp stamp) {
        PairRef pair = new PairRef(name, "s/1", "p.obj", "synthface", "g.obj", null);
        SampleScore score = new SampleScore(stamp, 1.0, Set.of(), new double[] {1.0});
        BatchSummary summary = ErrorStatistics.aggregateScores(List.of(score), 3, new double[] {50}, 5, 10);
        return new EvalReport.SetReport(name, "/" + name, summary,
                List.of(new SampleResult(pair, score, new int[] {0}, 1, 1, 0, 1, 1, 3, "converged", 1)), List.of(),
                List.of());
    }

    @Test
    void givenSetsWithDifferentStamps_whenCombined_thenRefusedNamingTheSet() {
        assertThatThrownBy(() -> new EvalReport(CROP_95, "gt", List.of(set("a", CROP_95), set("b", CROP_80))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b'").hasMessageContaining("refusing to compare");
    }
}
