package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dfmvr.mesh.MeshNormals;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on {@code <shared>/data/ict-facekit/FaceXModel} (the shared subset: 20 identity modes, 13 blendshapes), where
 * {@code <shared>} is {@code -Ddfmvr.shared} or {@code ../../shared} from the module folder; skips when absent.
 */
class IctFaceKitImporterTest {
    static final Path FOLDER = Path.of(System.getProperty("dfmvr.shared", "../../shared"))
            .resolve("data/ict-facekit/FaceXModel");
    /** The README's Multi-PIE 68-point list (0-based), which vertex_indices.json must agree with. */
    private static final int[] README_LANDMARKS = {1225, 1888, 1052, 367, 1719, 1722, 2199, 1447, 966, 3661, 4390,
        3927, 3924, 2608, 3272, 4088, 3443, 268, 493, 1914, 2044, 1401, 3615, 4240, 4114, 2734, 2509, 978, 4527, 4942,
        4857, 1140, 2075, 1147, 4269, 3360, 1507, 1542, 1537, 1528, 1518, 1511, 3742, 3751, 3756, 3721, 3725, 3732,
        5708, 5695, 2081, 0, 4275, 6200, 6213, 6346, 6461, 5518, 5957, 5841, 5702, 5711, 5533, 6216, 6207, 6470, 5517,
        5966};
    private static MorphableModel model;

    @BeforeAll
    static void load() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(FOLDER.resolve(IctFaceKitImporter.NEUTRAL)),
                "ICT-FaceKit data absent at " + FOLDER.toAbsolutePath() + " (set -Ddfmvr.shared=<shared folder>)");
        model = new IctFaceKitImporter(FOLDER, IctFaceKitImporter.Settings.defaults()).load();
    }

    @Test
    void givenSharedSubset_whenImported_thenFaceAreaIsCroppedAndQuadsAreTriangulated() {
        assertEquals(9409, model.vertexCount());
        // README: the face area has 9230 polygons, all quads in this release: 2 triangles each
        assertEquals(2 * 9230, model.triangleCount());
        assertEquals(LengthUnit.CM, model.unit());
        assertEquals(20, model.idRank());
        assertEquals(13, model.expRank());
        assertEquals(80, model.texRank());
    }

    @Test
    void givenSharedSubset_whenListingExpressions_thenTheyFollowTheJsonOrderAndSkipAbsentFiles() throws IOException {
        var names = new IctFaceKitImporter(FOLDER, IctFaceKitImporter.Settings.defaults()).expressionNames();
        assertEquals(java.util.List.of("browInnerUp_L", "browInnerUp_R", "cheekPuff_L", "cheekPuff_R", "eyeBlink_L",
                "eyeBlink_R", "jawOpen", "mouthFrown_L", "mouthFrown_R", "mouthFunnel", "mouthPucker", "mouthSmile_L",
                "mouthSmile_R"), names);
    }

    @Test
    void givenJsonLandmarks_whenImported_thenTheyAreTheReadmeMultiPieIndices() {
        assertArrayEquals(README_LANDMARKS, model.landmarkIds68());
    }

    @Test
    void givenNeutralMesh_whenTriangulated_thenMostFrontFaceNormalsPointToTheViewer() {
        float[] n = MeshNormals.vertexNormals(model.meanInstance());
        boolean[] front = model.frontMask();
        int frontCount = 0, towards = 0;
        for (int v = 0; v < front.length; v++) {
            if (front[v]) {
                frontCount++;
                towards += n[3 * v + 2] > 0 ? 1 : 0;
            }
        }
        assertEquals(frontCount, towards, "front-region vertices whose normal points away");
        assertTrue(frontCount > 3000, "front region has only " + frontCount + " vertices");
    }

    @Test
    void givenIdentityMode0_whenEvaluated_thenShapeIsIdentity000MinusNeutralAddedToMean() throws IOException {
        float[] neutral = IctBlendshapeObj.readPositions(FOLDER.resolve(IctFaceKitImporter.NEUTRAL));
        float[] id0 = IctBlendshapeObj.readPositions(FOLDER.resolve("identity000.obj"));
        float[] coeffs = new float[model.idRank()];
        coeffs[0] = 1;
        float[] shape = model.shape(coeffs, new float[model.expRank()]);
        float[] mean = model.meanShape();
        int nose = model.landmarkIds68()[30];
        for (int a = 0; a < 3; a++) {
            assertEquals(id0[3 * nose + a] - neutral[3 * nose + a], shape[3 * nose + a] - mean[3 * nose + a], 1e-5);
        }
    }

    @Test
    void givenLandmarkGeometry_whenLabelled_thenPartsLieWhereTheLandmarksSay() {
        byte[] labels = model.partLabels();
        int[] lm = model.landmarkIds68();
        assertEquals(FacePart.NOSE.label(), labels[lm[29]]);
        int[] counts = new int[FacePart.COUNT];
        for (byte l : labels) {
            counts[l]++;
        }
        for (FacePart p : FacePart.values()) {
            assertTrue(counts[p.label()] > 0, "no vertex labelled " + p);
        }
    }

    @Test
    void givenBases_whenColumnCosinesMeasured_thenTheyMatchTheDocumentedOverlap() {
        // docs/facemodel.md: ICT's identity PCA modes lose orthogonality when cropped to the face area and the
        // blendshapes overlap; only our synthetic texture basis is orthogonal
        double idCos = maxAbsCosine(model.identityBasis(), model.idRank());
        double expCos = maxAbsCosine(model.expressionBasis(), model.expRank());
        System.out.printf("ICT face area: identity max |cos| = %.4f, expression max |cos| = %.4f%n", idCos, expCos);
        assertTrue(idCos > 0.05 && idCos < 0.6, "identity max |cos| " + idCos);
        assertTrue(expCos > 0.1 && expCos < 0.99, "expression max |cos| " + expCos);
        SyntheticFaceModelTest.assertOrthogonal(model.textureBasis(), model.texRank());
    }

    @Test
    void givenFolderWithoutNeutralMesh_whenImported_thenErrorNamesTheMissingFile(@TempDir Path empty) {
        var e = assertThrows(IOException.class,
                () -> new IctFaceKitImporter(empty, IctFaceKitImporter.Settings.defaults()).load());
        assertTrue(e.getMessage().contains(IctFaceKitImporter.NEUTRAL + " is missing"), e.getMessage());
    }

    static double maxAbsCosine(float[] basis, int k) {
        int rows = basis.length / k;
        double max = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double ab = 0, aa = 0, bb = 0;
                for (int r = 0; r < rows; r++) {
                    double x = basis[r * k + a], y = basis[r * k + b];
                    ab += x * y;
                    aa += x * x;
                    bb += y * y;
                }
                max = Math.max(max, Math.abs(ab) / Math.sqrt(aa * bb));
            }
        }
        return max;
    }
}
