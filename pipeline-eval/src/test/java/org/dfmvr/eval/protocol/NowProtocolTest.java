package org.dfmvr.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

class NowProtocolTest {
    private static final double NOISE_MM = 0.5;

    @Test
    void givenAScanThatIsTheSurfacePlusNoise_whenEvaluated_thenMeanAndMedianAreThoseOfTheNoiseNormalComponent() {
        SyntheticPair pair = new SyntheticPair(11, NOISE_MM, 1.0);
        SampleEvaluation result = new NowProtocol(NowSettings.DEFAULTS).evaluate(pair.predicted, pair.scan);

        assertTrue(result.registrationOk(), "flags " + result.flags());
        // |N(0, sigma^2)|: mean sigma sqrt(2/pi) = 0.399, median 0.674 sigma = 0.337
        assertEquals(NOISE_MM * Math.sqrt(2 / Math.PI), result.headlineMm(), 0.1 * NOISE_MM);
        assertEquals(0.6745 * NOISE_MM, result.summary().median(), 0.1 * NOISE_MM);
        assertEquals(result.summary().mean(), result.headlineMm());
        SimilarityTransform error = result.predictedToScan().followedBy(pair.truePredictedToScan.inverse());
        assertEquals(1, error.scale(), 3e-3);
        assertTrue(Math.toDegrees(error.rotationAngle()) < 0.3);
    }

    @Test
    void givenLandmarksWithRoundNumbers_whenNowSphereCrop_thenRadiusAndCentreFollowTheFormula() {
        // bridge = (0,0,0); nose (0,-30,0): centre (0,-21,0); radius 1.4 (80 + 30) / 2 = 77
        double[] landmarks = {-40, 0, 0, -10, 0, 0, 10, 0, 0, 40, 0, 0, 0, -30, 0, -15, -50, 0, 15, -50, 0};
        float[] vertices = {0, 56, 0, 0, 56.5f, 0, 0, -97, 0, 0, -98.5f, 0, 77, -21, 0, 0, -21, 77.01f};
        TriangleMesh scan = new TriangleMesh(vertices, new int[] {0, 1, 2}, null);
        assertArrayEquals(new int[] {0, 2, 4}, Crops.nowSphere(new LandmarkedMesh(scan, landmarks)));
    }
}
