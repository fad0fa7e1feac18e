package org.dfmvr.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.dfmvr.geometry.SimilarityTransform;
import org.junit.jupiter.api.Test;

class PointToPlaneProtocolTest {
    private static final double NOISE_MM = 0.5;

    @Test
    void givenAScanThatIsTheSurfacePlusNoise_whenEvaluated_thenRmseIsTheNoiseLevelAndTheTransformIsRecovered() {
        SyntheticPair pair = new SyntheticPair(1, NOISE_MM, 1.0);
        SampleEvaluation result = new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS)
                .evaluate(pair.predicted, pair.scan);

        assertTrue(result.registrationOk(), "flags " + result.flags());
        // isotropic noise sigma per axis has a normal component of sigma: RMS point-to-plane distance ~ sigma
        assertEquals(NOISE_MM, result.headlineMm(), 0.1 * NOISE_MM);
        assertEquals(result.summary().rms(), result.headlineMm());
        SimilarityTransform error = result.predictedToScan().followedBy(pair.truePredictedToScan.inverse());
        assertEquals(1, error.scale(), 2e-3);
        assertTrue(Math.toDegrees(error.rotationAngle()) < 0.2);
        assertEquals(result.scanVertexIndices().length, result.perVertexErrorMm().length);
    }

    @Test
    void givenAScanInCentimetres_whenScanUnitIsTen_thenTheSameMillimetreError() {
        SyntheticPair pair = new SyntheticPair(2, NOISE_MM, 1.0);
        SimilarityTransform mmToCm = new SimilarityTransform(0.1, SimilarityTransform.identity().rotation(),
                new double[3]);
        LandmarkedMesh scanCm = new LandmarkedMesh(mmToCm.apply(pair.scan.mesh()), mmToCm.apply(pair.scan.landmarks()));
        double mm = new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS).evaluate(pair.predicted, pair.scan)
                .headlineMm();
        double fromCm = new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS.withScanUnitMm(10))
                .evaluate(pair.predicted, scanCm).headlineMm();
        assertEquals(mm, fromCm, 1e-3 * mm);
    }

    @Test
    void givenACropRadiusSmallerThanTheVertexSpacing_whenEvaluated_thenCropTooSmallFlagAndNaN() {
        SyntheticPair pair = new SyntheticPair(3, NOISE_MM, 1.0);
        SampleEvaluation result = new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS.withCropRadiusMm(0.01))
                .evaluate(pair.predicted, pair.scan);
        assertEquals(Set.of(RegistrationFlag.CROP_TOO_SMALL), result.flags());
        assertTrue(Double.isNaN(result.headlineMm()));
    }

    @Test
    void givenAScaleBoundTighterThanTheLandmarkNoise_whenEvaluated_thenScaleOutOfRangeFlag() {
        SyntheticPair pair = new SyntheticPair(4, NOISE_MM, 3.0);
        PointToPlaneSettings tight = new PointToPlaneSettings(95, 1, PointToPlaneSettings.DEFAULTS.icp(), 1.00001);
        SampleEvaluation result = new PointToPlaneProtocol(tight).evaluate(pair.predicted, pair.scan);
        assertTrue(result.flags().contains(RegistrationFlag.SCALE_OUT_OF_RANGE), "flags " + result.flags()
                + ", refinement scale " + result.refinement().sourceToTarget().scale());
    }

    @Test
    void givenSettings_whenStamped_thenTheHashIsStableAndChangesWithAnyParameter() {
        ProtocolStamp a = new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS).stamp();
        ProtocolStamp again = new PointToPlaneProtocol(new PointToPlaneSettings(95, 1,
                PointToPlaneSettings.DEFAULTS.icp(), 1.2)).stamp();
        assertEquals(a, again);
        assertEquals(16, a.parameterHash().length());
        assertNotEquals(a.parameterHash(),
                new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS.withCropRadiusMm(90)).stamp().parameterHash());
        assertNotEquals(a.parameterHash(),
                new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS.withScanUnitMm(10)).stamp().parameterHash());
        assertNotEquals(a.parameterHash(), new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS.withIcp(
                PointToPlaneSettings.DEFAULTS.icp().withTrimFraction(0.1))).stamp().parameterHash());
        assertNotEquals(a.parameterHash(), new NowProtocol(NowSettings.DEFAULTS).stamp().parameterHash());
    }
}
