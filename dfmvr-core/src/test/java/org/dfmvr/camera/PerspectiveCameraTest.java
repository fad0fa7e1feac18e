package org.dfmvr.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dfmvr.facemodel.LengthUnit;
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
    void givenZeroFocal_whenConstructing_thenErrorNamesFocal() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PerspectiveCamera(224, 224, 0, 112, 112, 10));
        assertTrue(e.getMessage().contains("focalPx"), e.getMessage());
    }
}
