package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dfmvr.loss.FiniteDifferences.assertClose;
import static org.dfmvr.loss.FiniteDifferences.gradient;

import java.util.Random;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.MorphableModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The mask term through a frozen parse net: its backward, its place in the chain, and that it can be decreased. */
class MaskTermTest {
    private static final int IMAGE = 16;
    private static final MorphableModel MODEL = SyntheticSubject.smallModel();

    @Test
    void givenARenderedImage_whenTheParseNetTermIsDifferentiated_thenItMatchesFiniteDifferences() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ParseNetTerm term = new ParseNetTerm(TinyParseNet.build(IMAGE));
        Random r = new Random(3);
        double[] image = FiniteDifferences.random(r, 3 * IMAGE * IMAGE, 0.5);
        double[] labels = new double[IMAGE * IMAGE];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = r.nextInt(TinyParseNet.CLASSES);
        }
        double[] analytic = new double[image.length];
        double ce = term.evaluate(image, IMAGE, IMAGE, labels, 0, 1, analytic);
        assertThat(ce).isPositive();
        double[] numeric = gradient(x -> term.evaluate(x, IMAGE, IMAGE, labels, 0, 1, null), image, 1e-6);
        assertClose("parse net input gradient", analytic, numeric, 1e-6);
    }

    @Test
    void givenABiSeNetGraph_whenTheParseNetTermIsDifferentiated_thenSampledInputGradientsMatchFiniteDifferences() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        int size = 32;
        ParseNetTerm term = new ParseNetTerm(TinyParseNet.bisenet());
        Random r = new Random(4);
        double[] image = FiniteDifferences.random(r, 3 * size * size, 0.5);
        double[] labels = new double[size * size];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = r.nextInt(TinyParseNet.CLASSES);
        }
        double[] analytic = new double[image.length];
        double ce = term.evaluate(image, size, size, labels, 0, 1, analytic);
        assertThat(ce).isPositive();
        assertThat(FiniteDifferences.dot(analytic, analytic)).isPositive();
        // every input entry would be 6144 forward passes: 24 random entries, central differences
        for (int s = 0; s < 24; s++) {
            int i = r.nextInt(image.length);
            double original = image[i];
            image[i] = original + 1e-5;
            double plus = term.evaluate(image, size, size, labels, 0, 1, null);
            image[i] = original - 1e-5;
            double minus = term.evaluate(image, size, size, labels, 0, 1, null);
            image[i] = original;
            double numeric = (plus - minus) / 2e-5;
            assertThat(Math.abs(analytic[i] - numeric)).as("image entry %d: analytic %s numeric %s", i, analytic[i],
                    numeric).isLessThan(1e-6 + 1e-4 * Math.abs(numeric));
        }
    }

    private static ObjectiveSettings withMask(double weight) {
        return ObjectiveSettings.defaults(IMAGE, 3).withAlignmentGradient(AlignmentGradient.EXACT)
                .withMask(weight, TinyParseNet.stored(IMAGE));
    }

    @Test
    void givenEveryTermAndTheMaskTermOn_whenDifferentiated_thenTheChainMatchesFiniteDifferences() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        WeakObjective objective = new WeakObjective(MODEL, withMask(1));
        CoeffLayout layout = objective.coeffLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labels = SyntheticSubject.labels(objective, truth);
        double[] c = truth.clone();
        Random r = new Random(8);
        for (int i = 0; i < layout.sharedSize(); i++) {
            c[i] += 0.3 * r.nextGaussian();
        }
        double[] analytic = new double[c.length];
        LossBreakdown b = objective.evaluate(c, 0, labels, 0, analytic);
        assertThat(b.mask()).isPositive();
        double[] numeric = gradient(x -> objective.evaluate(x, 0, labels, 0, null).total(), c, 1e-6);
        for (int i = 0; i < c.length; i++) {
            double err = Math.abs(analytic[i] - numeric[i]) / Math.max(1e-3, Math.abs(numeric[i]));
            assertThat(err).as("coefficient %d: analytic %s numeric %s", i, analytic[i], numeric[i])
                    .isLessThan(1e-4);
        }
    }

    @Test
    void givenOnlyTheMaskTerm_whenCoefficientsFollowItsGradient_thenItsGradientIsNonZeroAndTheTermDecreases() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ObjectiveSettings maskOnly = withMask(1).withWeights(new LossWeights(0, 0, 0, 0, 0, 1, 0));
        WeakObjective objective = new WeakObjective(MODEL, maskOnly);
        CoeffLayout layout = objective.coeffLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labels = SyntheticSubject.labels(objective, truth);
        double[] c = truth.clone();
        for (int i = 0; i < layout.texSize(); i++) {
            c[layout.texOffset() + i] += 1;
        }
        double[] grad = new double[c.length];
        double start = objective.evaluate(c, 0, labels, 0, grad).mask();
        double norm = Math.sqrt(FiniteDifferences.dot(grad, grad));
        assertThat(norm).isPositive();
        double current = start;
        for (int step = 0; step < 20; step++) {
            java.util.Arrays.fill(grad, 0);
            objective.evaluate(c, 0, labels, 0, grad);
            for (int i = 0; i < layout.sharedSize(); i++) {
                c[i] -= 0.5 * grad[i];
            }
            current = objective.evaluate(c, 0, labels, 0, null).mask();
        }
        System.out.printf("mask term (tiny random parse net, 20 gradient steps on id/exp/tex/gamma): %.5f -> %.5f,"
                + " initial gradient norm %.3g%n", start, current, norm);
        assertThat(current).isLessThan(start);
    }

    @Test
    void givenTheMaskHoldFlag_whenEvaluated_thenTheMaskTermIsOffAndTheRestIsAsWithMaskWeightZero() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        WeakObjective on = new WeakObjective(MODEL, withMask(1));
        WeakObjective off = new WeakObjective(MODEL, ObjectiveSettings.defaults(IMAGE, 3)
                .withAlignmentGradient(AlignmentGradient.EXACT));
        double[] truth = SyntheticSubject.truth(on.coeffLayout(), 1);
        double[] labels = SyntheticSubject.labels(on, truth);
        labels[on.labelLayout().maskHoldOffset()] = 1;
        double[] c = truth.clone();
        c[on.coeffLayout().texOffset()] += 1;
        double[] gradHeld = new double[c.length];
        double[] gradOff = new double[c.length];
        LossBreakdown held = on.evaluate(c, 0, labels, 0, gradHeld);
        LossBreakdown without = off.evaluate(c, 0, labels, 0, gradOff);
        assertThat(held.mask()).isZero();
        assertThat(held.total()).isEqualTo(without.total());
        assertThat(gradHeld).containsExactly(gradOff);
    }
}
