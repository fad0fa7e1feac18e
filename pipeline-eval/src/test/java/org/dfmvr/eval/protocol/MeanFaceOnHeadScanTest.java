package org.dfmvr.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.mesh.GlbReader;
import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped human face model's mean face registers to a real head scan under eval's point-to-plane protocol
 * without a scale flag, where the synthetic model's does not: the scan is "Infinite, 3D Head Scan" by Lee
 * Perry-Smith, based on a work at triplegangers.com (CC-BY-3.0; shared/data/scans/lee-perry-smith). Skips with the
 * reason when the shared data folder is absent.
 *
 * <p>Scan landmarks: the 7 vertices below were picked by hand on a frontal, shaded rendering of the scan (the
 * front-most vertex under the clicked pixel; the nose tip is the front-most vertex of the nose), in the protocol's
 * NoW order. The scan's unit is not documented; the test sets it so that the scan's outer eye corners are as far
 * apart as the mean face's (89.2 mm; about 49.8 mm per scan unit), so the RMSE is in mean-face millimetres. The scale
 * flag does not depend on that choice: it compares ICP's scale with the 7-landmark fit's.
 */
class MeanFaceOnHeadScanTest {
    /** Subject's right outer and inner eye corner, left inner and outer, nose tip, right and left mouth corner. */
    static final int[] SCAN_LANDMARK_VERTICES = {5189, 5567, 822, 484, 2839, 7245, 2563};

    private static LandmarkedMesh scan;
    private static double scanUnitMm;

    @BeforeAll
    static void loadScan() throws IOException {
        Path glb = Path.of(System.getProperty("dfmvr.shared.dir", "../shared"),
                "data/scans/lee-perry-smith/LeePerrySmith.glb");
        assumeTrue(Files.isRegularFile(glb), "shared head scan absent, skipping: " + glb.toAbsolutePath());
        TriangleMesh mesh = GlbReader.read(glb).mesh();
        scan = LandmarkedMesh.fromVertices(mesh, SCAN_LANDMARK_VERTICES);
        MorphableModel ict = FaceModels.load(FaceModels.ICT_FACE);
        scanUnitMm = outerEyeDistance(LandmarkedMesh.fromVertices(ict.meanInstance(), ict.alignmentIds()))
                / outerEyeDistance(scan);
    }

    @Test
    void givenTheShippedHumanModel_whenItsMeanFaceIsRegisteredToARealScan_thenNoScaleFlagAndMillimetreError()
            throws IOException {
        SampleEvaluation ict = evaluate(FaceModels.ICT_FACE);
        SampleEvaluation synth = evaluate(FaceModels.DEFAULT_SPEC);
        System.out.printf("mean face vs Lee Perry-Smith scan (pointplane, %.1f mm per scan unit): ict-face RMSE"
                        + " %.2f mm, ICP scale change %.3f, flags %s; synthface RMSE %.2f mm, ICP scale change %.3f,"
                        + " flags %s%n",
                scanUnitMm, ict.headlineMm(), icpScale(ict), ict.flags(), synth.headlineMm(), icpScale(synth),
                synth.flags());
        assertTrue(ict.registrationOk(), "ict-face flags " + ict.flags());
        // measured: RMSE 6.85 mm, ICP scale change 1.172 (the flag is at 1.2); synthface 8.72 mm
        assertTrue(ict.headlineMm() < 7.5, "ict-face RMSE " + ict.headlineMm() + " mm");
        assertFalse(synth.registrationOk() && synth.headlineMm() <= ict.headlineMm(),
                "the synthetic head should not register as well as the human model");
    }

    private static SampleEvaluation evaluate(String spec) throws IOException {
        MorphableModel model = FaceModels.load(spec);
        LandmarkedMesh predicted = LandmarkedMesh.fromVertices(model.meanInstance(), model.alignmentIds());
        return new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS.withScanUnitMm(scanUnitMm))
                .evaluate(predicted, scan);
    }

    /** How much ICP rescaled the landmark fit: the quantity the scale flag bounds. */
    private static double icpScale(SampleEvaluation e) {
        return e.refinement().sourceToTarget().scale();
    }

    private static double outerEyeDistance(LandmarkedMesh m) {
        double[] l = m.landmarks();
        int a = 3 * LandmarkedMesh.OUTER_EYE_CORNER_A, b = 3 * LandmarkedMesh.OUTER_EYE_CORNER_B;
        double dx = l[a] - l[b], dy = l[a + 1] - l[b + 1], dz = l[a + 2] - l[b + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
