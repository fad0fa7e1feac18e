package org.dfmvr.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dfmvr.geometry.SimilarityTransform;
import org.junit.jupiter.api.Test;

class ErrorStatisticsTest {

    @Test
    void givenKnownValues_whenSummarized_thenHandComputedStatistics() {
        ErrorSummary s = ErrorStatistics.summarize(new double[] {1, 2, 3, 4, 10});
        assertEquals(5, s.count());
        assertEquals(4, s.mean(), 1e-15);
        assertEquals(Math.sqrt((9 + 4 + 1 + 0 + 36) / 5.0), s.std(), 1e-15);
        assertEquals(3, s.median());
        assertEquals(Math.sqrt(130 / 5.0), s.rms(), 1e-15);
        assertEquals(10, s.max());
    }

    @Test
    void givenFourValues_whenPercentiles_thenNumpyLinearInterpolation() {
        // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
        assertArrayEquals(new double[] {1, 1.75, 2.5, 3.7, 4},
                ErrorStatistics.percentiles(new double[] {4, 1, 3, 2}, 0, 25, 50, 90, 100), 1e-12);
    }

    @Test
    void givenValues_whenCumulativeCurve_thenFractionAtOrBelowEachThreshold() {
        CumulativeErrorCurve c = ErrorStatistics.cumulativeCurve(new double[] {0.5, 1, 1.5, 3}, 2, 4);
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, c.thresholds(), 1e-15);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 0.75}, c.fractionAtOrBelow(), 1e-15);
    }

    private static SampleEvaluation sample(ProtocolStamp stamp, double headline, Set<RegistrationFlag> flags) {
        return new SampleEvaluation(stamp, headline, ErrorStatistics.summarize(new double[] {headline}),
                new int[] {0}, new double[] {headline}, SimilarityTransform.identity(), null, flags);
    }

    @Test
    void givenFlaggedAndOutlyingSamples_whenAggregated_thenBothExcludedAndTheOutlierFlagged() {
        ProtocolStamp stamp = ProtocolStamp.of("test", 1, "a=1");
        List<SampleEvaluation> samples = List.of(sample(stamp, 1.0, Set.of()), sample(stamp, 1.2, Set.of()),
                sample(stamp, 1.4, Set.of()), sample(stamp, 9.0, Set.of()),
                sample(stamp, 0.1, EnumSet.of(RegistrationFlag.SCALE_OUT_OF_RANGE)));
        BatchSummary batch = ErrorStatistics.aggregate(samples, 3, new double[] {50, 90}, 5, 10);
        assertEquals(3, batch.includedCount());
        assertEquals(Set.of(RegistrationFlag.RESIDUAL_OUTLIER), batch.sampleFlags().get(3),
                "9.0 > 3 x median(1.0, 1.2, 1.4, 9.0) = 3.9");
        assertEquals(1.2, batch.perSample().mean(), 1e-12);
        assertEquals(1.2, batch.perSamplePercentiles()[0], 1e-12);
        assertEquals(3, batch.allVertices().count());
    }

    @Test
    void givenSamplesFromDifferentParameters_whenAggregated_thenRefusedNamingBothStamps() {
        List<SampleEvaluation> samples = List.of(sample(ProtocolStamp.of("now", 1, "a=1"), 1, Set.of()),
                sample(ProtocolStamp.of("now", 1, "a=2"), 1, Set.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ErrorStatistics.aggregate(samples, 3, new double[] {50}, 5, 10));
        assertTrue(e.getMessage().contains("a=1") && e.getMessage().contains("a=2"), e.getMessage());
    }
}
