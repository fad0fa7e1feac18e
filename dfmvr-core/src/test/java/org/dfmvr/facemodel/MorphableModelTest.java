package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

class MorphableModelTest {
    /** 68 landmarks need at least 68 vertices: a strip of 70 vertices along x, 2 identity and 1 expression mode. */
    static MorphableModel.Builder tiny() {
        int v = 70;
        float[] mean = new float[3 * v];
        for (int i = 0; i < v; i++) {
            mean[3 * i] = i;
        }
        float[] id = new float[3 * v * 2];
        id[0] = 1;       // row 0 (vertex 0, x), column 0
        id[3 * 2 + 1] = 2; // row 3 (vertex 1, x), column 1
        float[] exp = new float[3 * v];
        exp[1] = 5;      // row 1 (vertex 0, y), column 0
        float[] albedo = new float[3 * v];
        java.util.Arrays.fill(albedo, 0.5f);
        float[] tex = new float[3 * v];
        tex[2] = 0.25f;  // row 2 (vertex 0, blue)
        int[] lm = new int[68];
        for (int i = 0; i < 68; i++) {
            lm[i] = i;
        }
        return MorphableModel.builder().id("tiny").unit(LengthUnit.CM).meanShape(mean).identityBasis(id, 2)
                .expressionBasis(exp, 1).meanAlbedo(albedo).textureBasis(tex, 1).triangles(new int[] {0, 1, 2})
                .landmarks68(lm).partLabels(new byte[v]).frontMask(new boolean[v]).skinMask(new boolean[v]);
    }

    @Test
    void givenCoefficients_whenShapeEvaluated_thenItIsMeanPlusBasisTimesCoefficients() {
        float[] shape = tiny().build().shape(new float[] {3, 4}, new float[] {2});
        assertArrayEquals(new float[] {3, 10, 0, 1 + 8, 0, 0}, java.util.Arrays.copyOf(shape, 6));
    }

    @Test
    void givenTextureCoefficient_whenInstanceBuilt_thenColoursAreAlbedoClampedToUnitRange() {
        TriangleMesh mesh = tiny().build().instance(new float[2], new float[1], new float[] {4});
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f}, java.util.Arrays.copyOf(mesh.colors(), 3));
        assertEquals(0.5f + 4 * 0.25f, tiny().build().albedo(new float[] {4})[2]);
    }

    @Test
    void givenNoAlignmentIds_whenBuilt_thenTheyComeFromTheLandmarks() {
        assertArrayEquals(MorphableModel.ALIGNMENT_LANDMARKS, tiny().build().alignmentIds());
    }

    @Test
    void givenBasisOfWrongSize_whenBuilt_thenErrorGivesExpectedShapeAndActualLength() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> tiny().identityBasis(new float[10], 2).build());
        assertEquals("idBasis must be [3V,K] = [210,2] = 420 values, got 10", e.getMessage());
    }

    @Test
    void givenLandmarkOutsideMesh_whenBuilt_thenErrorNamesIndexAndRange() {
        int[] lm = new int[68];
        lm[5] = 70;
        var e = assertThrows(IllegalArgumentException.class, () -> tiny().landmarks68(lm).build());
        assertEquals("landmarks68[5] = 70 is outside [0,70)", e.getMessage());
    }

    @Test
    void givenWrongCoefficientCount_whenShapeEvaluated_thenErrorNamesTheArgument() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> tiny().build().shape(new float[3], new float[1]));
        assertEquals("idCoeffs must have 2 values, got 3", e.getMessage());
    }

    @Test
    void givenModelRanks_whenLayoutBuilt_thenOffsetsFollowIdExpTexGammaThenPerViewPose() {
        CoeffLayout l = CoeffLayout.forModel(tiny().build(), 3);
        assertEquals(0, l.idOffset());
        assertEquals(2, l.expOffset());
        assertEquals(3, l.texOffset());
        assertEquals(4, l.gammaOffset());
        assertEquals(4 + 27, l.rotationOffset(0));
        assertEquals(4 + 27 + 6 * 2 + 3, l.translationOffset(2));
        assertEquals(4 + 27 + 18, l.size());
    }
}
