package org.dfmvr.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dfmvr.facemodel.LengthUnit;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.facemodel.SyntheticFaceModel;
import org.junit.jupiter.api.Test;

class PerspectiveCameraTest {
    @Test
    void givenDeep3dSettingsInDecimetres_whenBuilt_thenIntrinsicsAreThePapers() {
        PerspectiveCamera cam = PerspectiveCamera.deep3dFace(224, LengthUnit.DM);
        assertEquals(1015.0, cam.focalPx(), 0);
        assertEquals(112.0, cam.cx(), 0);
        assertEquals(112.0, cam.cy(), 0);
        assertEquals(10.0, cam.cameraDistance(), 0);
        assertEquals(12.593637, cam.verticalFovDegrees(), 1e-5);
    }

    @Test
    void givenMillimetreModelAndHalfSizeImage_whenBuilt_thenFocalScalesAndDistanceIs1000mm() {
        PerspectiveCamera cam = PerspectiveCamera.deep3dFace(112, LengthUnit.MM);
        assertEquals(507.5, cam.focalPx(), 0);
        assertEquals(56.0, cam.cx(), 0);
        assertEquals(1000.0, cam.cameraDistance(), 0);
    }

    @Test
    void givenPointUpAndRight_whenProjected_thenPixelIsRightAndAboveCentre() {
        // d = 10 - 0.5 = 9.5; u = 112 + 1015*1/9.5 = 218.842105...; v = 112 - 1015*0.5/9.5 = 58.578947...
        PerspectiveCamera cam = PerspectiveCamera.deep3dFace(224, LengthUnit.DM);
        float[] uv = cam.project(new float[] {1f, 0.5f, 0.5f});
        assertArrayEquals(new float[] {218.84210526f, 58.57894737f}, uv, 1e-4f);
    }

    @Test
    void givenOriginPoint_whenProjected_thenItLandsOnThePrincipalPoint() {
        PerspectiveCamera cam = PerspectiveCamera.deep3dFace(224, LengthUnit.MM);
        assertArrayEquals(new float[] {112f, 112f}, cam.project(new float[] {0, 0, 0}), 0f);
    }

    @Test
    void givenPointBehindCamera_whenProjected_thenCoordinatesAreNaN() {
        PerspectiveCamera cam = PerspectiveCamera.deep3dFace(224, LengthUnit.DM);
        float[] uv = cam.project(new float[] {0, 0, 11});
        assertTrue(Float.isNaN(uv[0]) && Float.isNaN(uv[1]));
    }

    @Test
    void givenSameFaceInMillimetresAndCentimetres_whenProjectedWithItsUnitsCamera_thenPixelsAgree() {
        float[] mm = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(1, 33, 2, 1, 1)).meanShape();
        float[] cm = mm.clone();
        for (int i = 0; i < cm.length; i++) {
            cm[i] /= 10;
        }
        float[] uvMm = PerspectiveCamera.deep3dFace(224, LengthUnit.MM).project(mm);
        float[] uvCm = PerspectiveCamera.deep3dFace(224, LengthUnit.CM).project(cm);
        assertArrayEquals(uvMm, uvCm, 1e-3f);
    }

    @Test
    void givenSyntheticFaceAtIdentityPose_whenProjected_thenItFillsTheMiddleOfA224Image() {
        MorphableModel m = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(1, 49, 2, 1, 1));
        float[] uv = PerspectiveCamera.deep3dFace(224, m.unit()).project(m.landmarks68(m.meanShape()));
        double eyeCornersPx = Math.hypot(uv[2 * 45] - uv[2 * 36], uv[2 * 45 + 1] - uv[2 * 36 + 1]);
        // 90 mm outer-eye distance, about 1000 - 25 mm away, at f = 1015 px: about 94 px
        assertEquals(94, eyeCornersPx, 6);
        assertTrue(uv[2 * 27 + 1] < uv[2 * 33 + 1], "nose bridge above the nostrils in a y-down image");
        // the model is centred on its front region, whose centroid lies about 30 mm above the nose tip
        assertEquals(112, uv[2 * 30], 0.5, "nose tip on the vertical midline");
        assertEquals(142, uv[2 * 30 + 1], 5, "nose tip about 30 px below the centre");
    }

    @Test
    void givenZeroFocal_whenConstructing_thenErrorNamesFocal() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PerspectiveCamera(224, 224, 0, 112, 112, 10));
        assertTrue(e.getMessage().contains("focalPx"), e.getMessage());
    }

    @Test
    void givenAPoint_whenTurnedIntoScreenVertices_thenPixelsAreItsProjectionAndDepthIsDistanceMinusZ() {
        PerspectiveCamera c = PerspectiveCamera.deep3dFace(224, LengthUnit.MM);
        float[] p = {10, -20, 30};
        float[] uv = c.project(p);
        assertArrayEquals(new float[] {uv[0], uv[1], 970f}, c.screenVertices(p), 1e-4f);
    }
}
