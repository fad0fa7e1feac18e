package org.dfmvr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
    private final Random random = new Random(7);

    private SimilarityTransform randomTransform() {
        return new SimilarityTransform(0.5 + random.nextDouble(), SyntheticSurfaces.randomRotation(random, Math.PI),
                new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()});
    }

    @Test
    void givenTwoTransforms_whenComposed_thenEqualsApplyingOneAfterTheOther() {
        SimilarityTransform aToB = randomTransform();
        SimilarityTransform bToC = randomTransform();
        double[] points = {1, 2, 3, -4, 5, 0.5};
        double[] stepwise = bToC.apply(aToB.apply(points));
        double[] composed = aToB.followedBy(bToC).apply(points);
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(stepwise, composed), 1e-12);
    }

    @Test
    void givenATransform_whenInverted_thenRoundTripIsIdentity() {
        SimilarityTransform aToB = randomTransform();
        double[] points = {1, 2, 3, -4, 5, 0.5};
        double[] back = aToB.inverse().apply(aToB.apply(points));
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(points, back), 1e-12);
        assertEquals(1 / aToB.scale(), aToB.inverse().scale(), 1e-15);
    }

    @Test
    void givenAReflectionMatrix_whenConstructed_thenRejectedNamingTheDeterminant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new SimilarityTransform(1, new double[] {1, 0, 0, 0, 1, 0, 0, 0, -1}, new double[3]));
        assertTrue(e.getMessage().contains("determinant"), e.getMessage());
    }

    @Test
    void givenNonPositiveScale_whenConstructed_thenRejectedNamingScale() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new SimilarityTransform(0, SimilarityTransform.identity().rotation(), new double[3]));
        assertTrue(e.getMessage().startsWith("scale"), e.getMessage());
    }

    @Test
    void givenAxisAngle_whenConvertedToMatrix_thenRotatesXTowardsYForPositiveZ() {
        double[] r = SimilarityTransform.rotationFromAxisAngle(new double[] {0, 0, Math.PI / 2});
        double[] moved = SimilarityTransform.rigid(r, new double[3]).apply(new double[] {1, 0, 0});
        assertEquals(0, SyntheticSurfaces.maxAbsDifference(new double[] {0, 1, 0}, moved), 1e-15);
    }
}
