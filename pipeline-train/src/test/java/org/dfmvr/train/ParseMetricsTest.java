package org.dfmvr.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ParseMetricsTest {
    /** [1,K,1,W] one-hot rows of the given classes (scores and labels alike). */
    private static INDArray oneHot(int classes, int... perPixel) {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 1, classes, 1, perPixel.length);
        for (int p = 0; p < perPixel.length; p++) {
            a.putScalar(new int[] {0, perPixel[p], 0, p}, 1f);
        }
        return a;
    }

    @Test
    void givenKnownPredictions_whenScored_thenAccuracyAndMeanIouAreTheHandCountedValues() {
        ParseMetrics m = new ParseMetrics(4);

        // labels 0 0 0 1 1 2, predictions 0 0 1 1 2 2; class 3 occurs in neither and is left out
        m.add(oneHot(4, 0, 0, 1, 1, 2, 2), oneHot(4, 0, 0, 0, 1, 1, 2));

        assertThat(m.pixels()).isEqualTo(6);
        assertThat(m.pixelAccuracy()).isCloseTo(4 / 6.0, within(1e-12));
        // IoU: class 0 = 2/3, class 1 = 1/3, class 2 = 1/2
        assertThat(m.meanIou()).isCloseTo((2 / 3.0 + 1 / 3.0 + 1 / 2.0) / 3, within(1e-12));
        // per class: frequency 3/6, 2/6, 1/6; accuracy (recall) 2/3, 1/2, 1/1; class 3 absent
        assertThat(m.classFrequency(1)).isCloseTo(2 / 6.0, within(1e-12));
        assertThat(m.classAccuracy(0)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.classAccuracy(1)).isCloseTo(1 / 2.0, within(1e-12));
        assertThat(m.classAccuracy(2)).isEqualTo(1.0);
        assertThat(m.classAccuracy(3)).isNaN();
        assertThat(m.classIou(2)).isCloseTo(1 / 2.0, within(1e-12));
        assertThat(m.classIou(3)).isNaN();
        assertThat(m.perClassSummary()).startsWith("0: 0.5000 / 0.667 / 0.667, 1: 0.3333 / 0.500 / 0.333");
    }

    @Test
    void givenNoPixels_whenScored_thenBothAreNaN() {
        ParseMetrics m = new ParseMetrics(3);

        assertThat(m.pixelAccuracy()).isNaN();
        assertThat(m.meanIou()).isNaN();
    }

    @Test
    void givenScoresWithAnotherClassCount_whenAdded_thenTheErrorGivesBothShapes() {
        assertThatThrownBy(() -> new ParseMetrics(4).add(oneHot(3, 0, 1), oneHot(3, 0, 1)))
                .hasMessageContaining("[N,4,H,W]").hasMessageContaining("[1, 3, 1, 2]");
    }
}
