package org.dfmvr.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.SyntheticSurfaces;
import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both protocols on a real face shape: the ICT-FaceKit neutral face area (shared/data/ict-facekit, centimetres) as
 * the prediction, and the same face in millimetres, rigidly moved, with 0.3 mm vertex noise, as the scan. The known
 * answer is the noise level. Skips (with the reason) when the shared data folder is absent.
 */
class IctFaceProtocolsTest {
    private static final double NOISE_MM = 0.3;
    /** Face area of the ICT OBJ (its README): vertices [0, 9408], polygons [0, 9229]. */
    private static final int FACE_VERTICES = 9409;
    private static final int FACE_POLYGONS = 9230;
    /**
     * ICT vertex ids of Multi-PIE landmarks 36 (outer eye), 39, 42 (inner eyes), 45 (outer eye), 30 (nose tip), 48,
     * 54 (mouth corners), from the ICT README's 68-landmark list: the NoW order of {@link LandmarkedMesh}.
     */
    private static final int[] LANDMARK_VERTICES = {1507, 1528, 3742, 3721, 4857, 5708, 6213};

    private static LandmarkedMesh predicted;
    private static LandmarkedMesh scan;

    @BeforeAll
    static void loadIctFace() throws IOException {
        Path obj = Path.of(System.getProperty("dfmvr.shared.dir", "../shared"),
                "data/ict-facekit/FaceXModel/generic_neutral_mesh.obj");
        assumeTrue(Files.isRegularFile(obj), "shared data absent, skipping: " + obj.toAbsolutePath());
        TriangleMesh faceCm = readFaceArea(obj);
        predicted = LandmarkedMesh.fromVertices(faceCm, LANDMARK_VERTICES);
        Random random = new Random(31);
        SimilarityTransform cmToScanMm = new SimilarityTransform(10,
                SyntheticSurfaces.randomRotation(random, Math.toRadians(20)), new double[] {5, -40, 12});
        scan = LandmarkedMesh.fromVertices(
                SyntheticSurfaces.movedNoisyCopy(faceCm, cmToScanMm, NOISE_MM, random), LANDMARK_VERTICES);
    }

    @Test
    void givenTheIctFaceAndAMovedNoisyCopyInMm_whenPointPlane_thenRmseIsTheNoise() {
        SampleEvaluation result = new PointToPlaneProtocol(PointToPlaneSettings.DEFAULTS).evaluate(predicted, scan);
        assertTrue(result.registrationOk(), "flags " + result.flags());
        assertEquals(NOISE_MM, result.headlineMm(), 0.1 * NOISE_MM);
    }

    @Test
    void givenTheIctFaceAndAMovedNoisyCopyInMm_whenNow_thenMeanIsThatOfTheNoiseNormalComponent() {
        SampleEvaluation result = new NowProtocol(NowSettings.DEFAULTS).evaluate(predicted, scan);
        assertTrue(result.registrationOk(), "flags " + result.flags());
        assertEquals(NOISE_MM * Math.sqrt(2 / Math.PI), result.headlineMm(), 0.1 * NOISE_MM);
    }

    /** Test-only OBJ reader: "v x y z" and "f a/b/c ..." (1-based, polygons fanned into triangles), face area only. */
    private static TriangleMesh readFaceArea(Path obj) throws IOException {
        List<float[]> vertices = new ArrayList<>();
        List<int[]> polygons = new ArrayList<>();
        for (String line : Files.readAllLines(obj)) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].equals("v") && vertices.size() < FACE_VERTICES) {
                vertices.add(new float[] {Float.parseFloat(parts[1]), Float.parseFloat(parts[2]),
                    Float.parseFloat(parts[3])});
            } else if (parts[0].equals("f") && polygons.size() < FACE_POLYGONS) {
                int[] polygon = new int[parts.length - 1];
                for (int k = 1; k < parts.length; k++) {
                    polygon[k - 1] = Integer.parseInt(parts[k].split("/")[0]) - 1;
                }
                polygons.add(polygon);
            }
        }
        float[] positions = new float[3 * vertices.size()];
        for (int v = 0; v < vertices.size(); v++) {
            System.arraycopy(vertices.get(v), 0, positions, 3 * v, 3);
        }
        List<Integer> triangles = new ArrayList<>();
        for (int[] p : polygons) {
            for (int k = 1; k + 1 < p.length; k++) {
                if (p[0] < FACE_VERTICES && p[k] < FACE_VERTICES && p[k + 1] < FACE_VERTICES) {
                    triangles.add(p[0]);
                    triangles.add(p[k]);
                    triangles.add(p[k + 1]);
                }
            }
        }
        return new TriangleMesh(positions, triangles.stream().mapToInt(Integer::intValue).toArray(), null);
    }
}
