package org.dfmvr.train.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.loss.LabelLayout;
import org.dfmvr.loss.LossBreakdown;
import org.dfmvr.loss.LossWeights;
import org.dfmvr.loss.ObjectiveSettings;
import org.dfmvr.loss.WeakObjective;
import org.dfmvr.loss.WeakSupervisionLoss;
import org.dfmvr.nn.ViewTensors;
import org.dfmvr.train.LabelPacker;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A view dropped by {@link ViewDropout} follows the missing-view convention end to end: zero network input, absent
 * in the packed labels, and no photo or landmark gradient on its pose.
 */
class DroppedViewTest {
    private static final int SIZE = 32;

    @Test
    void givenADroppedView_whenPackedAndDifferentiated_thenItsInputIsZeroAndItsPoseGetsNoPhotoOrLandmarkGradient() {
        WeakObjective objective = new WeakSupervisionLoss("synthface:seed=7:grid=25:6/4/6",
                ObjectiveSettings.defaults(SIZE, 3).withWeights(new LossWeights(0.02, 0, 0, 24, 0, 0, 0)))
                .objective();
        LabelLayout layout = objective.labelLayout();
        CoeffLayout coeffs = objective.coeffLayout();
        ViewDropout dropout = new ViewDropout(true, 0, ViewDropout.Patterns.SINGLE_VIEWS);
        MultiViewSample full = Samples.sample("s", SIZE, 4, "left", "front", "right");
        int epoch = 0;
        while (dropout.pattern(1, epoch, "s") != 2) { // front only
            epoch++;
        }
        MultiViewSample dropped = dropout.apply(full, 1, epoch);

        INDArray[] inputs = ViewTensors.features(List.of(dropped), SIZE);
        float[] labels = LabelPacker.pack(dropped, layout, 1);
        double[] c = new double[coeffs.size()];
        for (int v = 0; v < 3; v++) {
            c[coeffs.rotationOffset(v) + 1] = 0.4 * (v - 1);
        }
        double[] grad = new double[c.length];
        double[] l = new double[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i];
        }
        LossBreakdown b = objective.evaluate(c, 0, l, 0, grad);

        assertThat(b.photo()).isPositive();
        assertThat(b.landmarks2d()).isPositive();
        for (int v : new int[] {0, 2}) {
            assertThat(inputs[v].amaxNumber().doubleValue()).as("input of dropped view %d", v).isZero();
            assertThat(labels[layout.presentOffset(v)]).as("present flag of view %d", v).isZero();
            for (int k = 0; k < 6; k++) {
                assertThat(grad[coeffs.rotationOffset(v) + k]).as("pose gradient of dropped view %d", v).isZero();
            }
        }
        assertThat(inputs[1].amaxNumber().doubleValue()).isPositive();
        assertThat(labels[layout.presentOffset(1)]).isEqualTo(1f);
        double front = 0;
        for (int k = 0; k < 6; k++) {
            front += Math.abs(grad[coeffs.rotationOffset(1) + k]);
        }
        assertThat(front).as("pose gradient of the kept view").isPositive();
    }
}
