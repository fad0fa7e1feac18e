package org.dfmvr.train.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

/** View dropout: the pattern distribution, its determinism, and what a dropped view becomes. */
class ViewDropoutTest {
    private static final int DRAWS = 36_000;

    /** Pearson chi-square of the drawn pattern counts against the expected probabilities. */
    private static double chiSquare(ViewDropout d, Map<Integer, Double> expected) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(d.pattern(22, 3, "synthetic/s" + i + "/e"), 1, Integer::sum);
        }
        assertThat(counts.keySet()).as("drawn patterns").isEqualTo(expected.keySet());
        double chi = 0;
        for (var e : expected.entrySet()) {
            double exp = DRAWS * e.getValue();
            chi += Math.pow(counts.get(e.getKey()) - exp, 2) / exp;
        }
        return chi;
    }

    @Test
    void givenThePaperSetting_whenManySamplesAreDrawn_thenAllViewsTwoThirdsAndEachSingleViewOneNinth() {
        ViewDropout d = new ViewDropout(true, 2.0 / 3, ViewDropout.Patterns.SINGLE_VIEWS);
        // 3 degrees of freedom: P(chi2 > 16.27) = 0.001
        assertThat(chiSquare(d, Map.of(ViewDropout.ALL, 2.0 / 3, 1, 1.0 / 9, 2, 1.0 / 9, 4, 1.0 / 9)))
                .isLessThan(16.27);
    }

    @Test
    void givenAllSubsets_whenManySamplesAreDrawn_thenTheSixPartialPatternsShareOneThirdEqually() {
        ViewDropout d = new ViewDropout(true, 2.0 / 3, ViewDropout.Patterns.ALL_SUBSETS);
        Map<Integer, Double> expected = new HashMap<>(Map.of(ViewDropout.ALL, 2.0 / 3));
        for (int mask : new int[] {1, 2, 4, 3, 6, 5}) {
            expected.put(mask, 1.0 / 18);
        }
        // 6 degrees of freedom: P(chi2 > 22.46) = 0.001
        assertThat(chiSquare(d, expected)).isLessThan(22.46);
    }

    @Test
    void givenTheSameSeedEpochAndSample_whenDrawnAgain_thenTheSamePatternAndOtherEpochsDiffer() {
        ViewDropout d = new ViewDropout(true, 0, ViewDropout.Patterns.ALL_SUBSETS);
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            String id = "s" + i;
            assertThat(d.pattern(5, 1, id)).isEqualTo(d.pattern(5, 1, id));
            differ += d.pattern(5, 1, id) != d.pattern(5, 2, id) ? 1 : 0;
        }
        assertThat(differ).as("samples whose pattern changes between epochs").isGreaterThan(100);
    }

    @Test
    void givenDisabled_whenApplied_thenTheSampleIsUnchanged() {
        MultiViewSample s = Samples.sample("a", 8, 1, "left", "front", "right");
        assertThat(ViewDropout.off().apply(s, 1, 0)).isSameAs(s);
    }

    @Test
    void givenOnlyPartialPatterns_whenApplied_thenTheDroppedViewsAreRemovedAndTheRestKept() {
        ViewDropout d = new ViewDropout(true, 0, ViewDropout.Patterns.ALL_SUBSETS);
        MultiViewSample s = Samples.sample("b", 8, 1, "left", "front", "right");
        for (int epoch = 0; epoch < 20; epoch++) {
            int pattern = d.pattern(9, epoch, "b");
            MultiViewSample out = d.apply(s, 9, epoch);
            assertThat(out.views()).hasSize(Integer.bitCount(pattern)).allSatisfy(v ->
                    assertThat(pattern & (1 << ViewRecord.NAMES.indexOf(v.view()))).isNotZero());
            assertThat(s.views()).containsAll(out.views());
        }
    }

    @Test
    void givenASampleWithoutAnyViewOfThePattern_whenApplied_thenItKeepsItsOwnViews() {
        ViewDropout d = new ViewDropout(true, 0, ViewDropout.Patterns.SINGLE_VIEWS);
        MultiViewSample frontOnly = Samples.sample("c", 8, 1, "front");
        for (int epoch = 0; epoch < 20; epoch++) {
            assertThat(d.apply(frontOnly, 9, epoch).views()).isEqualTo(frontOnly.views());
        }
    }
}
