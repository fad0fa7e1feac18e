package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dfmvr.mesh.MeshNormals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticFaceModelTest {
    private static MorphableModel model;

    @BeforeAll
    static void build() {
        model = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(7, 97, 20, 12, 10));
    }

    @Test
    void givenGridResolution_whenBuilt_thenVertexAndTriangleCountsFollowTheGrid() {
        assertEquals(97 * 97, model.vertexCount());
        assertEquals(2 * 96 * 96, model.triangleCount());
        assertEquals(LengthUnit.MM, model.unit());
    }

    @Test
    void givenSameSettings_whenBuiltTwice_thenModelsAreIdentical() {
        assertTrue(model.sameAs(SyntheticFaceModel.build(new SyntheticFaceModel.Settings(7, 97, 20, 12, 10))));
    }

    @Test
    void givenOtherSeed_whenBuilt_thenBasesDifferButMeanShapeIsTheSame() {
        MorphableModel other = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(8, 97, 20, 12, 10));
        assertArrayEquals(model.meanShape(), other.meanShape());
        assertFalse(java.util.Arrays.equals(model.identityBasis(), other.identityBasis()));
    }

    @Test
    void givenMeanFace_whenLookingAtLandmarks_thenTheyAreAnatomicallyOrdered() {
        float[] lm = model.landmarks68(model.meanShape());
        // nose tip (30) is the most forward landmark; eyes above the nose tip, mouth below it, chin (8) lowest
        for (int i = 0; i < 68; i++) {
            assertTrue(lm[3 * 30 + 2] >= lm[3 * i + 2], "landmark " + i + " is in front of the nose tip");
        }
        assertTrue(y(lm, 36) > y(lm, 30) && y(lm, 45) > y(lm, 30), "eyes above nose tip");
        assertTrue(y(lm, 51) < y(lm, 33) && y(lm, 57) < y(lm, 51), "mouth below nostrils, lower lip below upper");
        assertTrue(y(lm, 8) < y(lm, 57), "chin below the mouth");
        assertTrue(y(lm, 19) > y(lm, 37), "brow above the eye");
        // subject's right (iBUG 0-8, 17-21, 36-41, 48) at -x, left at +x
        assertTrue(x(lm, 0) < 0 && x(lm, 16) > 0 && x(lm, 36) < x(lm, 39) && x(lm, 39) < 0 && x(lm, 42) > 0);
        assertTrue(x(lm, 48) < 0 && x(lm, 54) > 0);
    }

    @Test
    void givenTheModel_whenAskedFor101Landmarks_thenTheSevenAlignmentPointsSitAtTheRowsDfMvrReads() {
        // given the 101 3D landmarks in Pixel-Face row order (eval and L_lm3d read the 7 alignment rows)
        int[] ids101 = model.landmarkIds101();
        int[] rowsOf7 = {47, 50, 53, 56, 41, 79, 85};
        // then those rows hold exactly the model's alignment vertices, in alignment order
        int[] alignment = model.alignmentIds();
        for (int k = 0; k < 7; k++) {
            assertEquals(alignment[k], ids101[rowsOf7[k]], "alignment point " + k);
        }
        // and the contour (rows 0-27) runs from the subject's right ear under the chin to the left ear
        float[] lm = new float[3 * 101];
        float[] mean = model.meanShape();
        for (int i = 0; i < 101; i++) {
            System.arraycopy(mean, 3 * ids101[i], lm, 3 * i, 3);
        }
        assertTrue(x(lm, 0) < -50 && x(lm, 27) > 50 && Math.abs(x(lm, 14)) < 3, "contour ends and chin");
        assertTrue(y(lm, 14) < y(lm, 79), "chin below the mouth");
    }

    @Test
    void givenMeanFace_whenComparedToASphere_thenNoseProtrudesWellBeyondTheCheeks() {
        float[] lm = model.landmarks68(model.meanShape());
        double cheekDepth = (lm[3 * 3 + 2] + lm[3 * 13 + 2]) / 2;
        assertTrue(lm[3 * 30 + 2] - cheekDepth > 40, "nose tip only " + (lm[3 * 30 + 2] - cheekDepth)
                + " mm in front of the jaw line");
        double eyeDepth = (lm[3 * 37 + 2] + lm[3 * 44 + 2]) / 2;
        double browDepth = (lm[3 * 19 + 2] + lm[3 * 24 + 2]) / 2;
        assertTrue(browDepth > eyeDepth, "eyes lie in sockets behind the brow ridge");
    }

    @Test
    void givenPartLabels_whenCheckedBetweenLandmarks_thenTheyAgreeWithTheMarkup() {
        float[] mean = model.meanShape();
        float[] lm = model.landmarks68(mean);
        assertEquals(FacePart.R_EYE, partNear(mean, lm, 37, 40));
        assertEquals(FacePart.L_EYE, partNear(mean, lm, 43, 46));
        assertEquals(FacePart.R_BROW, partNear(mean, lm, 19, 19));
        assertEquals(FacePart.L_BROW, partNear(mean, lm, 24, 24));
        assertEquals(FacePart.NOSE, partNear(mean, lm, 29, 29));
        assertEquals(FacePart.U_LIP, partNear(mean, lm, 51, 62));
        assertEquals(FacePart.L_LIP, partNear(mean, lm, 57, 66));
        assertEquals(FacePart.SKIN, partNear(mean, lm, 3, 31));
        int[] counts = new int[FacePart.COUNT];
        for (byte l : model.partLabels()) {
            counts[l]++;
        }
        for (FacePart p : FacePart.values()) {
            assertTrue(counts[p.label()] > 0, "no vertex labelled " + p);
        }
    }

    /** Label of the vertex nearest (frontally) to the midpoint of landmarks a and b. */
    private static FacePart partNear(float[] shape, float[] lm, int a, int b) {
        double[][] target = {{(x(lm, a) + x(lm, b)) / 2.0, (y(lm, a) + y(lm, b)) / 2.0}};
        int v = SyntheticFaceModel.nearestVertices(shape, target)[0];
        return FacePart.ofLabel(model.partLabels()[v]);
    }

    @Test
    void givenMasks_whenBuilt_thenSkinIsInsideTheFrontRegion() {
        boolean[] front = model.frontMask();
        boolean[] skin = model.skinMask();
        int frontCount = 0;
        for (int v = 0; v < front.length; v++) {
            assertTrue(!skin[v] || front[v], "skin vertex " + v + " outside the front region");
            frontCount += front[v] ? 1 : 0;
        }
        assertTrue(frontCount > front.length / 4 && frontCount < front.length, "front region has " + frontCount);
    }

    @Test
    void givenTriangles_whenNormalsComputed_thenTheFrontRegionFacesTheViewer() {
        float[] n = MeshNormals.vertexNormals(model.meanInstance());
        boolean[] front = model.frontMask();
        for (int v = 0; v < front.length; v++) {
            if (front[v]) {
                assertTrue(n[3 * v + 2] > 0, "front vertex " + v + " normal points away (counter-clockwise broken)");
            }
        }
    }

    @Test
    void givenBases_whenColumnsCompared_thenTheyAreMutuallyOrthogonal() {
        assertOrthogonal(model.identityBasis(), model.idRank());
        assertOrthogonal(model.expressionBasis(), model.expRank());
        assertOrthogonal(model.textureBasis(), model.texRank());
    }

    @Test
    void givenUnitIdentityCoefficient_whenShapeEvaluated_thenLargestDisplacementIsThePlannedPeak() {
        float[] id = new float[model.idRank()];
        id[0] = 1;
        float[] mean = model.meanShape();
        float[] shape = model.shape(id, new float[model.expRank()]);
        double max = 0;
        for (int i = 0; i < mean.length; i++) {
            max = Math.max(max, Math.abs(shape[i] - mean[i]));
        }
        assertEquals(SyntheticFaceModel.ID_PEAK_MM, max, 1e-3);
    }

    @Test
    void givenEvenGrid_whenConfigured_thenErrorNamesTheSettingAndWhy() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SyntheticFaceModel.Settings(1, 96, 80, 64, 80));
        assertEquals("synthface gridResolution must be odd and in [25,401] (odd puts a vertex column on the symmetry"
                + " plane x = 0), got 96", e.getMessage());
    }

    static void assertOrthogonal(float[] basis, int k) {
        int rows = basis.length / k;
        double[] norms = new double[k];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < rows; r++) {
                norms[c] += (double) basis[r * k + c] * basis[r * k + c];
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double d = 0;
                for (int r = 0; r < rows; r++) {
                    d += (double) basis[r * k + a] * basis[r * k + b];
                }
                double cos = d / Math.sqrt(norms[a] * norms[b]);
                assertTrue(Math.abs(cos) < 1e-4, "columns " + a + " and " + b + " have cosine " + cos);
            }
        }
    }

    private static float x(float[] lm, int i) {
        return lm[3 * i];
    }

    @Test
    void givenTheModel_whenItsUvsAreRead_thenEveryTriangleMapsToATextureTriangleOfTheSameOrientation() {
        float[] uv = model.uvs();
        int[] t = model.triangles();
        double total = 0;
        for (int k = 0; k < t.length; k += 3) {
            double area = (uv[2 * t[k + 1]] - uv[2 * t[k]]) * (uv[2 * t[k + 2] + 1] - uv[2 * t[k] + 1])
                    - (uv[2 * t[k + 1] + 1] - uv[2 * t[k] + 1]) * (uv[2 * t[k + 2]] - uv[2 * t[k]]);
            assertTrue(area > 0, "triangle " + k / 3 + " is flipped or degenerate in UV space");
            total += area / 2;
        }
        // counter-clockwise and non-overlapping triangles that tile the unit square
        assertEquals(1.0, total, 1e-5);
    }

    private static float y(float[] lm, int i) {
        return lm[3 * i + 1];
    }
}
