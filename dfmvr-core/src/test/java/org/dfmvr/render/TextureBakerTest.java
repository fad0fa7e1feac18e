package org.dfmvr.render;

import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.facemodel.LengthUnit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A 200 mm square quad at z = 0 (UVs spanning the whole texture) seen by the Deep3DFace camera at 64 px: its baked
 * texture reproduces the photo, an occluder makes the texels behind it fall back, and a grazing view weighs less.
 */
class TextureBakerTest {
    static final int IMAGE = 64, TEXTURE = 32;
    static final float HALF = 100;
    static final PerspectiveCamera CAMERA = PerspectiveCamera.deep3dFace(IMAGE, LengthUnit.MM);
    static final float[] QUAD = {-HALF, -HALF, 0, HALF, -HALF, 0, HALF, HALF, 0, -HALF, HALF, 0};
    static final float[] UP = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1};
    static final float[] UVS = {0, 0, 1, 0, 1, 1, 0, 1};
    static final int[] TRIANGLES = {0, 1, 2, 0, 2, 3};
    static final float[] GREEN = {0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0};
    static final TextureBaker.Settings SETTINGS = new TextureBaker.Settings(TEXTURE, 2, 10f);

    /** 8 px black and white squares. */
    static FloatImage checker() {
        float[] rgb = new float[IMAGE * IMAGE * 3];
        for (int y = 0; y < IMAGE; y++) {
            for (int x = 0; x < IMAGE; x++) {
                java.util.Arrays.fill(rgb, 3 * (y * IMAGE + x), 3 * (y * IMAGE + x) + 3, checkerAt(x, y));
            }
        }
        return new FloatImage(IMAGE, IMAGE, 3, rgb);
    }

    static float checkerAt(double x, double y) {
        return ((int) (x / 8) + (int) (y / 8)) % 2 == 0 ? 1f : 0f;
    }

    static FloatImage uniform(float value) {
        float[] rgb = new float[IMAGE * IMAGE * 3];
        java.util.Arrays.fill(rgb, value);
        return new FloatImage(IMAGE, IMAGE, 3, rgb);
    }

    static TextureBaker.View view(float[] positions, float[] normals, float[] sceneScreen, int[] sceneTriangles,
                                  FloatImage photo) {
        Fragments fragments = new ReferenceRasterizer(RasterSettings.square(IMAGE)).rasterize(sceneScreen,
                sceneTriangles);
        return new TextureBaker.View(CAMERA, positions, normals, fragments, photo);
    }

    /** World point of texel (row, col) on the quad. */
    static double[] surfacePoint(int row, int col) {
        double u = (col + 0.5) / TEXTURE, v = 1 - (row + 0.5) / TEXTURE;
        return new double[] {-HALF + 2 * HALF * u, -HALF + 2 * HALF * v};
    }

    @Test
    void givenACheckerPhotoOfAFrontalQuad_whenBaked_thenEveryTexelAwayFromASquareEdgeHasThePhotosColour() {
        TextureBaker.Baked baked = TextureBaker.bake(UVS, TRIANGLES, GREEN,
                List.of(view(QUAD, UP, CAMERA.screenVertices(QUAD), TRIANGLES, checker())), SETTINGS);

        assertEquals(TEXTURE * TEXTURE, baked.viewTexels());
        assertEquals(0, baked.fallbackTexels());
        int compared = 0;
        for (int row = 0; row < TEXTURE; row++) {
            for (int col = 0; col < TEXTURE; col++) {
                double[] p = surfacePoint(row, col);
                double x = CAMERA.cx() + CAMERA.focalPx() * p[0] / CAMERA.cameraDistance();
                double y = CAMERA.cy() - CAMERA.focalPx() * p[1] / CAMERA.cameraDistance();
                double toEdgeX = Math.min(x % 8, 8 - x % 8), toEdgeY = Math.min(y % 8, 8 - y % 8);
                if (Math.min(toEdgeX, toEdgeY) >= 1) {
                    assertEquals(checkerAt(x, y), baked.image().get(row, col, 1), 1e-4, "texel " + row + "," + col);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(TEXTURE * TEXTURE / 2);
    }

    @Test
    void givenAnOccluderInFrontOfTheQuadsCentre_whenBaked_thenTheTexelsBehindItTakeTheFallbackColour() {
        float h = 30, z = 100;
        float[] scene = new float[24];
        System.arraycopy(QUAD, 0, scene, 0, 12);
        System.arraycopy(new float[] {-h, -h, z, h, -h, z, h, h, z, -h, h, z}, 0, scene, 12, 12);
        int[] sceneTriangles = {0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7};
        TextureBaker.Baked baked = TextureBaker.bake(UVS, TRIANGLES, GREEN,
                List.of(view(QUAD, UP, CAMERA.screenVertices(scene), sceneTriangles, uniform(1f))), SETTINGS);

        assertThat(baked.fallbackTexels()).isPositive();
        assertThat(baked.viewCoverage()).isLessThan(1);
        for (int row = 0; row < TEXTURE; row++) {
            for (int col = 0; col < TEXTURE; col++) {
                double[] p = surfacePoint(row, col);
                // the occluder's edge at 30 mm, 100 mm nearer, covers |x| < 33.3 mm of the quad
                boolean hidden = Math.abs(p[0]) < 30 && Math.abs(p[1]) < 30;
                boolean seen = Math.abs(p[0]) > 40 || Math.abs(p[1]) > 40;
                float red = baked.image().get(row, col, 0), green = baked.image().get(row, col, 1);
                if (hidden) {
                    assertEquals(0f, red, 1e-6, "texel " + row + "," + col + " is hidden: fallback");
                    assertEquals(1f, green, 1e-6);
                } else if (seen) {
                    assertEquals(1f, red, 1e-6, "texel " + row + "," + col + " is seen: the photo's white");
                }
            }
        }
    }

    @Test
    void givenAFrontalWhiteViewAndABlackViewAt60Degrees_whenBakedWithExponent2_thenTheCentreIsFourFifthsWhite() {
        double yaw = Math.toRadians(60), cos = Math.cos(yaw), sin = Math.sin(yaw);
        float[] turned = new float[12], turnedUp = new float[12];
        for (int i = 0; i < 12; i += 3) {
            turned[i] = (float) (QUAD[i] * cos + QUAD[i + 2] * sin);
            turned[i + 1] = QUAD[i + 1];
            turned[i + 2] = (float) (-QUAD[i] * sin + QUAD[i + 2] * cos);
            turnedUp[i] = (float) sin;
            turnedUp[i + 2] = (float) cos;
        }
        TextureBaker.Baked baked = TextureBaker.bake(UVS, TRIANGLES, GREEN, List.of(
                view(QUAD, UP, CAMERA.screenVertices(QUAD), TRIANGLES, uniform(1f)),
                view(turned, turnedUp, CAMERA.screenVertices(turned), TRIANGLES, uniform(0f))), SETTINGS);

        // weights cos^2: 1 (frontal) and 0.25 (60 degrees) -> 1 / 1.25 white
        assertEquals(0.8, baked.image().get(TEXTURE / 2, TEXTURE / 2, 0), 0.01);
        // a view seeing the quad from behind (normal away from the camera) adds nothing
        TextureBaker.Baked behind = TextureBaker.bake(UVS, TRIANGLES, GREEN, List.of(
                view(QUAD, UP, CAMERA.screenVertices(QUAD), TRIANGLES, uniform(1f)),
                view(QUAD, new float[] {0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1}, CAMERA.screenVertices(QUAD),
                        TRIANGLES, uniform(0f))), SETTINGS);
        assertEquals(1f, behind.image().get(TEXTURE / 2, TEXTURE / 2, 0), 1e-6);
    }

    @Test
    void givenUvsThatCoverHalfTheTexture_whenBaked_thenTwoRingsAroundTheChartAreDilatedAndTheRestStaysBlack() {
        float[] half = {0, 0, 0.5f, 0, 0.5f, 1, 0, 1};
        TextureBaker.Baked baked = TextureBaker.bake(half, TRIANGLES, GREEN, List.of(), SETTINGS);

        assertEquals(TEXTURE * TEXTURE / 2, baked.fallbackTexels());
        int last = TEXTURE / 2 - 1;
        assertEquals(1f, baked.image().get(5, last + TextureBaker.DILATION_RINGS, 1), 1e-6);
        assertEquals(0f, baked.image().get(5, last + TextureBaker.DILATION_RINGS + 1, 1), 1e-6);
    }

    @Test
    void givenMismatchedSizes_whenBaked_thenTheErrorNamesThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> TextureBaker.bake(UVS, TRIANGLES,
                new float[3], List.of(), SETTINGS));
        assertThat(e.getMessage()).contains("fallbackColors [V,3]");
        assertThrows(IllegalArgumentException.class, () -> new TextureBaker.Settings(0, 2, 1f));
        assertThrows(IllegalArgumentException.class, () -> new TextureBaker.Settings(8, -1, 1f));
    }
}
