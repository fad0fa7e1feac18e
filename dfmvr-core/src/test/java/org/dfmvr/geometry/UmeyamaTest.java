package org.dfmvr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UmeyamaTest {
    private final Random random = new Random(11);

    private double[] randomPoints(int n) {
        double[] p = new double[3 * n];
        for (int i = 0; i < p.length; i++) {
            p[i] = 50 * random.nextGaussian();
        }
        return p;
    }

    @Test
    void givenExactSimilarityPairs_whenFitWithScale_thenRecoversTheTransform() {
        SimilarityTransform truth = new SimilarityTransform(1.7, SyntheticSurfaces.randomRotation(random, 3),
                new double[] {10, -20, 5});
        double[] source = randomPoints(7);
        SimilarityTransform fit = Umeyama.fit(source, truth.apply(source), true);
        assertEquals(1.7, fit.scale(), 1e-12);
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(truth.rotation(), fit.rotation()), 1e-12);
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(truth.translation(), fit.translation()), 1e-9);
    }

    @Test
    void givenNoisyPairs_whenFitWithScale_thenCloseToTheTransform() {
        SimilarityTransform truth = new SimilarityTransform(0.01, SyntheticSurfaces.randomRotation(random, 3),
                new double[] {0.1, 0.2, 0.3});
        double[] source = randomPoints(500);
        double[] target = SyntheticSurfaces.withNoise(truth.apply(source), 0.005, random);
        SimilarityTransform fit = Umeyama.fit(source, target, true);
        assertEquals(0.01, fit.scale(), 1e-4);
        assertTrue(fit.followedBy(truth.inverse()).rotationAngle() < 1e-2);
    }

    @Test
    void givenScaledPairs_whenFitRigid_thenScaleIsOneAndRotationStillRecovered() {
        SimilarityTransform truth = new SimilarityTransform(2, SyntheticSurfaces.randomRotation(random, 3),
                new double[3]);
        double[] source = randomPoints(20);
        SimilarityTransform fit = Umeyama.fit(source, truth.apply(source), false);
        assertEquals(1, fit.scale());
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(truth.rotation(), fit.rotation()), 1e-12);
    }

    @Test
    void givenCoplanarPoints_whenFit_thenRecoversTheRotationDespiteRankTwoCovariance() {
        SimilarityTransform truth = new SimilarityTransform(3, SyntheticSurfaces.randomRotation(random, 3),
                new double[] {1, 2, 3});
        double[] source = randomPoints(10);
        for (int i = 2; i < source.length; i += 3) {
            source[i] = 0;
        }
        SimilarityTransform fit = Umeyama.fit(source, truth.apply(source), true);
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(truth.rotation(), fit.rotation()), 1e-10);
        assertEquals(3, fit.scale(), 1e-12);
    }

    @Test
    void givenAMirroredTarget_whenFit_thenBestProperRotationAndUmeyamaScaleNotAReflection() {
        // source: +-3 on x, +-2 on y, +-1 on z; target mirrors z. Cross-covariance diag(18, 8, -2)/6: Umeyama's
        // sign correction gives R = I and c = (18 + 8 - 2) / (18 + 8 + 2) = 6/7, t = 0.
        double[] source = {3, 0, 0, -3, 0, 0, 0, 2, 0, 0, -2, 0, 0, 0, 1, 0, 0, -1};
        double[] target = source.clone();
        for (int i = 2; i < target.length; i += 3) {
            target[i] = -target[i];
        }
        SimilarityTransform fit = Umeyama.fit(source, target, true);
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(SimilarityTransform.identity().rotation(),
                fit.rotation()), 1e-12);
        assertEquals(6.0 / 7.0, fit.scale(), 1e-12);
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(new double[3], fit.translation()), 1e-12);
    }

    @Test
    void givenCollinearSource_whenFit_thenRejectedSayingCollinear() {
        double[] source = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Umeyama.fit(source, source, true));
        assertTrue(e.getMessage().contains("collinear"), e.getMessage());
    }

    @Test
    void givenDifferentCounts_whenFit_thenRejectedNamingBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Umeyama.fit(new double[9], new double[12], true));
        assertTrue(e.getMessage().contains("9") && e.getMessage().contains("12"), e.getMessage());
    }
}
