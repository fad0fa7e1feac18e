package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dfmvr.loss.FiniteDifferences.gradient;

import java.util.Random;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.MorphableModel;
import org.junit.jupiter.api.Test;

/** The chained objective: its gradient is the finite-difference gradient, and its terms behave as specified. */
class WeakObjectiveTest {
    private static final int IMAGE = 24;
    private static final MorphableModel MODEL = SyntheticSubject.smallModel();
    /**
     * Every implemented term on (synthface has no 101 table, so its 68 landmarks are the 3D landmarks), with the
     * exact alignment derivative so that finite differences of the forward are the oracle.
     */
    private static final ObjectiveSettings ALL_TERMS = ObjectiveSettings.defaults(IMAGE, 3)
            .withAlignmentGradient(AlignmentGradient.EXACT);

    private static double[] perturbed(double[] truth, CoeffLayout layout, long seed) {
        Random r = new Random(seed);
        double[] c = truth.clone();
        for (int i = 0; i < layout.sharedSize(); i++) {
            c[i] += 0.3 * r.nextGaussian();
        }
        for (int v = 0; v < layout.views(); v++) {
            for (int a = 0; a < 3; a++) {
                c[layout.rotationOffset(v) + a] += 0.05 * r.nextGaussian();
                c[layout.translationOffset(v) + a] += 3 * r.nextGaussian();
            }
        }
        return c;
    }

    private static void checkGradient(LightingFrame lighting) {
        WeakObjective objective = new WeakObjective(MODEL, ALL_TERMS.withLighting(lighting));
        CoeffLayout layout = objective.coeffLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labels = SyntheticSubject.labels(objective, truth);
        double[] c = perturbed(truth, layout, 2);
        double[] analytic = new double[c.length];
        LossBreakdown b = objective.evaluate(c, 0, labels, 0, analytic);
        assertThat(b.photo()).isPositive();
        assertThat(b.landmarks2d()).isPositive();
        assertThat(b.landmarks3d()).isPositive();
        assertThat(b.reflectance()).isPositive();
        assertThat(b.gammaPrior()).isPositive();
        assertThat(b.coefficientPrior()).isPositive();
        double[] numeric = gradient(x -> objective.evaluate(x, 0, labels, 0, null).total(), c, 1e-6);
        int bad = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            double err = Math.abs(analytic[i] - numeric[i]) / Math.max(1e-3, Math.abs(numeric[i]));
            if (err > 1e-4) {
                bad++;
                report.append(String.format("%n  [%d] analytic %.8g numeric %.8g", i, analytic[i], numeric[i]));
            }
        }
        assertThat(bad).as("coefficients whose gradient disagrees with finite differences:%s", report).isZero();
    }

    @Test
    void givenEveryTermOn_whenDifferentiated_thenGradientMatchesFiniteDifferences() {
        checkGradient(LightingFrame.OWN_VIEW);
    }

    @Test
    void givenTheOfficialLightingQuirk_whenDifferentiated_thenGradientMatchesFiniteDifferences() {
        checkGradient(LightingFrame.LAST_VIEW_QUIRK);
    }

    @Test
    void givenTheTrueCoefficients_whenEvaluated_thenLandmarkTermsVanishAndPhotoIsNearZero() {
        WeakObjective objective = new WeakObjective(MODEL, ALL_TERMS);
        double[] truth = SyntheticSubject.truth(objective.coeffLayout(), 1);
        double[] labels = SyntheticSubject.labels(objective, truth);
        LossBreakdown b = objective.evaluate(truth, 0, labels, 0, null);
        assertThat(b.landmarks2d()).isLessThan(1e-3);
        assertThat(b.landmarks3d()).isLessThan(1e-3);
        // the forward renderer snaps to 1/256 px, ours does not: a small residual remains
        assertThat(b.photo()).isLessThan(5e-3);
    }

    @Test
    void givenAnAbsentView_whenEvaluated_thenItsLabelsAndPoseDoNotMatter() {
        WeakObjective objective = new WeakObjective(MODEL, ALL_TERMS);
        CoeffLayout layout = objective.coeffLayout();
        LabelLayout ll = objective.labelLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labels = SyntheticSubject.labels(objective, truth);
        labels[ll.presentOffset(2)] = 0;
        double[] c = perturbed(truth, layout, 3);
        double[] grad = new double[c.length];
        LossBreakdown before = objective.evaluate(c, 0, labels, 0, grad);
        for (int a = 0; a < 3; a++) {
            assertThat(grad[layout.rotationOffset(2) + a]).isZero();
            assertThat(grad[layout.translationOffset(2) + a]).isZero();
        }
        java.util.Arrays.fill(labels, ll.imageOffset(2), ll.presentOffset(2), 0.5);
        c[layout.translationOffset(2)] += 10;
        assertThat(objective.evaluate(c, 0, labels, 0, null).total()).isEqualTo(before.total());
    }

    @Test
    void givenTheConstantAlignment_whenDifferentiated_thenOnlyTheIdentityAndExpressionGradientsDiffer() {
        WeakObjective exact = new WeakObjective(MODEL, ALL_TERMS);
        WeakObjective constant = new WeakObjective(MODEL, ALL_TERMS.withAlignmentGradient(AlignmentGradient.CONSTANT));
        CoeffLayout layout = exact.coeffLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labels = SyntheticSubject.labels(exact, truth);
        double[] c = perturbed(truth, layout, 4);
        double[] ge = new double[c.length];
        double[] gc = new double[c.length];
        assertThat(exact.evaluate(c, 0, labels, 0, ge)).isEqualTo(constant.evaluate(c, 0, labels, 0, gc));
        assertThat(java.util.Arrays.copyOfRange(gc, layout.texOffset(), c.length))
                .containsExactly(java.util.Arrays.copyOfRange(ge, layout.texOffset(), c.length));
        assertThat(java.util.Arrays.copyOfRange(gc, 0, layout.texOffset()))
                .isNotEqualTo(java.util.Arrays.copyOfRange(ge, 0, layout.texOffset()));
    }

    @Test
    void givenANonFiniteCoefficient_whenEvaluated_thenTheExampleIsCountedAndPassesNoGradient() {
        WeakObjective objective = new WeakObjective(MODEL, ALL_TERMS);
        CoeffLayout layout = objective.coeffLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labels = SyntheticSubject.labels(objective, truth);
        double[] c = truth.clone();
        c[layout.expOffset()] = Double.NaN;
        double[] grad = new double[c.length];
        LossBreakdown b = objective.evaluate(c, 0, labels, 0, grad);
        assertThat(b.nonFiniteExamples()).isEqualTo(1);
        assertThat(b.total()).isZero();
        assertThat(grad).containsOnly(0.0);
    }

    @Test
    void givenAViewWhoseFaceReachesTheCameraPlane_whenEvaluated_thenTheLossAndGradientAreFinite() {
        WeakObjective objective = new WeakObjective(MODEL, ALL_TERMS);
        CoeffLayout layout = objective.coeffLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labels = SyntheticSubject.labels(objective, truth);
        double[] c = truth.clone();
        // camera at 1000 mm: the face (z up to about 120 mm) now straddles the camera plane
        c[layout.translationOffset(1) + 2] = 900;
        double[] grad = new double[c.length];
        LossBreakdown b = objective.evaluate(c, 0, labels, 0, grad);
        assertThat(b.nonFiniteExamples()).isZero();
        assertThat(b.total()).isFinite().isPositive();
        assertThat(java.util.Arrays.stream(grad).allMatch(Double::isFinite)).isTrue();
        assertThat(java.util.Arrays.stream(grad).anyMatch(g -> g != 0)).isTrue();
    }

    @Test
    void givenANonZeroMaskWeightWithoutAParseNet_whenSettingsBuilt_thenRejected() {
        assertThatThrownBy(() -> ObjectiveSettings.defaults(IMAGE, 3).withWeights(LossWeights.official()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask = 1.0")
                .hasMessageContaining("parseNetPath");
    }
}
