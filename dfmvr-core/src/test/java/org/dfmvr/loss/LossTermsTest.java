package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dfmvr.loss.FiniteDifferences.assertClose;
import static org.dfmvr.loss.FiniteDifferences.gradient;
import static org.dfmvr.loss.FiniteDifferences.random;

import java.util.Random;
import org.dfmvr.geometry.SimilarityTransform;
import org.junit.jupiter.api.Test;

/** The loss terms' values and backward (finite differences, double). */
class LossTermsTest {
    private final Random random = new Random(5);

    @Test
    void givenAFixedAlignment_when3dLandmarkTermDifferentiated_thenBackwardMatchesFiniteDifferences() {
        int[] ids = {0, 1, 2, 3, 4};
        double[] shape = random(random, 15, 50);
        double[] target = random(random, 15, 50);
        SimilarityTransform fixed = new SimilarityTransform(1.3,
                SimilarityTransform.rotationFromAxisAngle(new double[] {0.4, 0.1, -0.7}), new double[] {1, 2, 3});
        double[] analytic = new double[15];
        LossTerms.landmarks3d(shape, ids, fixed, target, 0, 1, analytic, null);
        double[] numeric = gradient(s -> LossTerms.landmarks3d(s, ids, fixed, target, 0, 1, null, null), shape, 1e-6);
        assertClose("lm3d", analytic, numeric, 1e-6);
    }

    @Test
    void givenTheExactMode_when3dLandmarkTermDifferentiated_thenBackwardMatchesFiniteDifferencesThroughTheFit() {
        int[] ids = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] slots = {0, 2, 3, 5, 6, 7, 1};
        double[] shape = random(random, 24, 50);
        double[] target = random(random, 24, 50);
        double[] analytic = new double[24];
        LossTerms.landmarks3d(shape, ids, slots, target, 0, AlignmentGradient.EXACT, 1, analytic, null);
        double[] numeric = gradient(s -> LossTerms.landmarks3d(s, ids, slots, target, 0, AlignmentGradient.EXACT, 1,
                null, null), shape, 1e-6);
        assertClose("lm3d exact", analytic, numeric, 1e-6);
    }

    @Test
    void givenATargetThatIsASimilarityOfThePrediction_when3dLandmarkTermEvaluated_thenItIsZero() {
        int[] ids = {0, 1, 2, 3, 4};
        double[] shape = random(random, 15, 50);
        SimilarityTransform t = new SimilarityTransform(1.7,
                SimilarityTransform.rotationFromAxisAngle(new double[] {0.2, -0.4, 0.9}), new double[] {5, -3, 8});
        double[] target = t.apply(shape);
        double loss = LossTerms.landmarks3d(shape, ids, new int[] {0, 2, 4}, target, 0, AlignmentGradient.CONSTANT, 1,
                null, null);
        assertThat(loss).isLessThan(1e-9);
    }

    @Test
    void givenTargetPointsSetAsideAsNaN_when2dLandmarkTermEvaluated_thenTheyAddNeitherLossNorGradient() {
        int[] ids = new int[68];
        for (int k = 0; k < 68; k++) {
            ids[k] = k;
        }
        double[] uv = random(random, 2 * 68, 10);
        double[] target = random(random, 2 * 68, 10);
        double[] setAside = target.clone();
        double[] zeroed = target.clone();
        for (int k = 0; k <= 6; k++) { // the far-side jaw: set aside, or placed exactly on the prediction
            setAside[2 * k] = Double.NaN;
            setAside[2 * k + 1] = Double.NaN;
            zeroed[2 * k] = uv[2 * k];
            zeroed[2 * k + 1] = uv[2 * k + 1];
        }
        double[] gSetAside = new double[2 * 68], gZeroed = new double[2 * 68];

        double lossSetAside = LossTerms.landmarks2d(uv, ids, setAside, 0, 1, gSetAside);
        double lossZeroed = LossTerms.landmarks2d(uv, ids, zeroed, 0, 1, gZeroed);

        assertThat(lossSetAside).isFinite().isEqualTo(lossZeroed);
        assertThat(gSetAside).containsExactly(gZeroed);
    }

    @Test
    void givenLandmarkIndices_whenWeighted_thenNoseEyesAndInnerMouthWeigh20() {
        double[] w = LossTerms.LANDMARK_WEIGHTS;
        assertThat(w[27]).isEqualTo(1);
        assertThat(w[28]).isEqualTo(20);
        assertThat(w[30]).isEqualTo(20);
        assertThat(w[31]).isEqualTo(1);
        assertThat(w[36]).isEqualTo(20);
        assertThat(w[47]).isEqualTo(20);
        assertThat(w[48]).isEqualTo(1);
        assertThat(w[59]).isEqualTo(1);
        assertThat(w[60]).isEqualTo(20);
        assertThat(w[67]).isEqualTo(20);
    }

    @Test
    void givenGreyLighting_whenGammaPriorEvaluated_thenItIsZeroAndColouredLightingIsPenalised() {
        double[] gamma = new double[27];
        for (int k = 0; k < 9; k++) {
            gamma[k] = gamma[9 + k] = gamma[18 + k] = 0.1 * k;
        }
        assertThat(LossTerms.gammaPrior(gamma, 0, 1, new double[27])).isLessThan(1e-20);
        gamma[0] += 0.3;
        double[] grad = new double[27];
        assertThat(LossTerms.gammaPrior(gamma, 0, 1, grad)).isPositive();
        double[] numeric = gradient(g -> LossTerms.gammaPrior(g, 0, 1, new double[27]), gamma, 1e-6);
        assertClose("gamma", grad, numeric, 1e-7);
    }

    @Test
    void givenAlbedo_whenReflectancePriorDifferentiated_thenBackwardMatchesFiniteDifferences() {
        double[] albedo = random(random, 18, 1);
        boolean[] skin = {true, false, true, true, false, true};
        double[] grad = new double[18];
        LossTerms.reflectance(albedo, skin, 1, grad);
        double[] numeric = gradient(a -> LossTerms.reflectance(a, skin, 1, new double[18]), albedo, 1e-6);
        assertClose("reflectance", grad, numeric, 1e-7);
    }

    @Test
    void givenCoefficients_whenPriorEvaluated_thenItIsTheWeightedSquaredNorm() {
        double[] c = {1, 2, 3, 4};
        double[] grad = new double[4];
        // id [1, 2], exp [3], tex [4]
        double v = LossTerms.coefficientPrior(c, 0, 2, 2, 1, 3, 1, 1, grad);
        assertThat(v).isCloseTo(5 + 0.8 * 9 + 0.017 * 16, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(grad).containsExactly(2, 4, 2 * 0.8 * 3, 2 * 0.017 * 4);
    }
}
