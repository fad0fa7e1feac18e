package org.dfmvr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@link Rasterizer} contract, run against every implementation by a one-line subclass (GeoRegression's
 * "one abstract test per interface").
 */
abstract class RasterizerContractTest {
    /** The implementation under test, for the given settings. */
    abstract Rasterizer create(RasterSettings settings);

    static RasterSettings settings(int h, int w) {
        return new RasterSettings(h, w, false, 0.01f, false, 1);
    }

    Fragments render(RasterSettings settings, float[] vertices, int[] triangles) {
        Rasterizer r = create(settings);
        try {
            return r.rasterize(vertices, triangles);
        } finally {
            if (r instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Per pixel, how many of the triangles cover it when each is rasterized alone (no z-buffer hiding overlaps). */
    int[] coverageCounts(RasterSettings settings, float[] vertices, int[] triangles) {
        int[] counts = new int[settings.imageHeight() * settings.imageWidth()];
        for (int t = 0; t < triangles.length / 3; t++) {
            int[] one = {triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2]};
            int[] ids = render(settings, vertices, one).triangleIds();
            for (int p = 0; p < ids.length; p++) {
                counts[p] += ids[p] == Fragments.EMPTY ? 0 : 1;
            }
        }
        return counts;
    }

    @Test
    void givenASquareSplitAlongItsDiagonalWithCornersOnPixelCentres_whenRasterized_thenEachPixelInsideIsCoveredOnce() {
        // corners at pixel centres (2.5,2.5)..(12.5,12.5): all four sides and the diagonal pass through pixel centres
        float[] v = {2.5f, 2.5f, 1, 12.5f, 2.5f, 1, 12.5f, 12.5f, 1, 2.5f, 12.5f, 1};
        int[] tris = {0, 3, 2, 0, 2, 1};
        int[] counts = coverageCounts(settings(16, 16), v, tris);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                // top-left rule: the top and left sides belong to the square, the bottom and right ones do not
                int expected = i >= 2 && i < 12 && j >= 2 && j < 12 ? 1 : 0;
                assertEquals(expected, counts[i * 16 + j], "coverage count of pixel (" + i + "," + j + ")");
            }
        }
    }

    @Test
    void givenAJitteredGridMeshOnAHalfPixelLattice_whenEachTriangleRasterizedAlone_thenNoPixelIsCoveredTwice() {
        // vertices on a half-pixel lattice put many edges exactly through pixel centres; the outer border is a
        // rectangle, so every pixel centre strictly inside it must be covered exactly once
        int n = 7, h = 30, w = 30;
        Random random = new Random(7);
        float[] v = new float[3 * n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                boolean border = r == 0 || c == 0 || r == n - 1 || c == n - 1;
                float jx = border ? 0 : (random.nextInt(3) - 1) * 0.5f;
                float jy = border ? 0 : (random.nextInt(3) - 1) * 0.5f;
                v[3 * (r * n + c)] = 2.5f + 4 * c + (c == 0 || c == n - 1 ? 0 : jx);
                v[3 * (r * n + c) + 1] = 2.5f + 4 * r + (r == 0 || r == n - 1 ? 0 : jy);
                v[3 * (r * n + c) + 2] = 1 + random.nextFloat();
            }
        }
        int[] tris = grid(n, random);
        int[] counts = coverageCounts(settings(h, w), v, tris);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int expected = i >= 2 && i < 26 && j >= 2 && j < 26 ? 1 : 0;
                assertEquals(expected, counts[i * w + j], "coverage count of pixel (" + i + "," + j + ")");
            }
        }
    }

    @Test
    void givenTwoOverlappingTriangles_whenRasterized_thenTheNearerOneIsVisibleWhateverTheOrder() {
        float[] near = {1, 1, 2, 15, 1, 2, 1, 15, 2};
        float[] far = {1, 1, 5, 15, 1, 5, 1, 15, 5};
        float[] v = concat(far, near);
        Fragments farFirst = render(settings(16, 16), v, new int[] {0, 1, 2, 3, 4, 5});
        Fragments nearFirst = render(settings(16, 16), v, new int[] {3, 4, 5, 0, 1, 2});
        assertEquals(1, farFirst.triangleId(4, 4), "near triangle is the second one");
        assertEquals(0, nearFirst.triangleId(4, 4), "near triangle is the first one");
        assertEquals(2f, farFirst.depth()[4 * 16 + 4], 0f);
    }

    @Test
    void givenTwoTrianglesAtEqualDepth_whenRasterized_thenTheLowerIdWins() {
        float[] v = {1, 1, 3, 15, 1, 3, 1, 15, 3};
        Fragments f = render(settings(16, 16), v, new int[] {0, 1, 2, 0, 2, 1});
        assertEquals(0, f.triangleId(4, 4));
    }

    @Test
    void givenARandomTriangle_whenRasterizedWithoutPerspective_thenBarycentricsSumToOneAndReproducePixelCentres() {
        // corners on the 1/256 grid, so snapping moves nothing and the identity is exact up to float rounding
        float[] v = {3.25f, 1.75f, 2, 28.5f, 9.125f, 4, 7.0625f, 29.5f, 8};
        Fragments f = render(settings(32, 32), v, new int[] {0, 2, 1});
        int covered = 0;
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                int p = i * 32 + j;
                if (f.triangleIds()[p] == Fragments.EMPTY) {
                    continue;
                }
                covered++;
                float[] b = {f.barycentrics()[3 * p], f.barycentrics()[3 * p + 2], f.barycentrics()[3 * p + 1]};
                assertEquals(1.0, b[0] + b[1] + b[2], 1e-6, "sum at (" + i + "," + j + ")");
                assertEquals(j + 0.5, b[0] * v[0] + b[1] * v[3] + b[2] * v[6], 1e-4, "x at (" + i + "," + j + ")");
                assertEquals(i + 0.5, b[0] * v[1] + b[1] * v[4] + b[2] * v[7], 1e-4, "y at (" + i + "," + j + ")");
                assertEquals(b[0] * 2 + b[1] * 4 + b[2] * 8, f.depth()[p], 1e-5, "depth at (" + i + "," + j + ")");
            }
        }
        assertTrue(covered > 200, "the triangle covers a good part of the image, got " + covered + " pixels");
    }

    @Test
    void givenACameraSpaceTriangle_whenRasterizedPerspectiveCorrect_thenTheInterpolated3dPointProjectsToThePixel() {
        // pinhole: x = f X / Z + c, y = f Y / Z + c; depth column = Z
        float focal = 40, centre = 16;
        float[][] camera = {{-0.3f, -0.3f, 1.0f}, {0.5f, -0.1f, 3.0f}, {-0.1f, 0.6f, 2.0f}};
        float[] v = new float[9];
        for (int k = 0; k < 3; k++) {
            v[3 * k] = focal * camera[k][0] / camera[k][2] + centre;
            v[3 * k + 1] = focal * camera[k][1] / camera[k][2] + centre;
            v[3 * k + 2] = camera[k][2];
        }
        Fragments f = render(settings(32, 32).withPerspectiveCorrect(true), v, new int[] {0, 1, 2});
        int covered = 0;
        for (int p = 0; p < f.pixelCount(); p++) {
            if (f.triangleIds()[p] == Fragments.EMPTY) {
                continue;
            }
            covered++;
            double[] point = new double[3];
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                double b = f.barycentrics()[3 * p + k];
                sum += b;
                for (int a = 0; a < 3; a++) {
                    point[a] += b * camera[k][a];
                }
            }
            int i = p / 32, j = p % 32;
            assertEquals(1.0, sum, 1e-6);
            // snapping moves corners by up to 1/512 px, so allow a small fraction of a pixel
            assertEquals(j + 0.5, focal * point[0] / point[2] + centre, 0.01, "x at (" + i + "," + j + ")");
            assertEquals(i + 0.5, focal * point[1] / point[2] + centre, 0.01, "y at (" + i + "," + j + ")");
            assertEquals(point[2], f.depth()[p], 1e-3, "depth is the camera-space Z at (" + i + "," + j + ")");
        }
        assertTrue(covered > 50, "the triangle covers a good part of the image, got " + covered + " pixels");
    }

    @Test
    void givenATriangleClockwiseOnScreen_whenBackFacesCulled_thenItIsDroppedAndOtherwiseDrawn() {
        // (1,1) -> (15,1) -> (1,15): top-left, top-right, bottom-left is clockwise as displayed (y down)
        float[] v = {1, 1, 1, 15, 1, 1, 1, 15, 1};
        int[] clockwise = {0, 1, 2};
        int[] counterClockwise = {0, 2, 1};
        RasterSettings culling = settings(16, 16).withCullBackFaces(true);
        assertEquals(0, render(culling, v, clockwise).coveredPixelCount());
        assertTrue(render(culling, v, counterClockwise).coveredPixelCount() > 50);
        assertEquals(render(settings(16, 16), v, clockwise).coveredPixelCount(),
                render(culling, v, counterClockwise).coveredPixelCount(), "culling off draws it like a front face");
    }

    @Test
    void givenATriangleWithAVertexAtTheNearDepth_whenRasterized_thenItIsDroppedAndCounted() {
        float[] v = {1, 1, 1, 15, 1, 1, 1, 15, 0.01f, 1, 1, 2, 15, 1, 2, 1, 15, 2};
        Fragments f = render(settings(16, 16), v, new int[] {0, 1, 2, 3, 4, 5});
        assertEquals(1, f.droppedTriangles());
        assertEquals(1, f.triangleId(4, 4), "the far triangle behind the dropped one shows");
    }

    @Test
    void givenATriangleOutsideTheGuardBand_whenRasterized_thenItIsDroppedAndCounted() {
        float[] v = {1, 1, 1, 1e6f, 1, 1, 1, 15, 1};
        Fragments f = render(settings(16, 16), v, new int[] {0, 1, 2});
        assertEquals(1, f.droppedTriangles());
        assertEquals(0, f.coveredPixelCount());
    }

    @Test
    void givenNoTriangles_whenRasterized_thenEveryPixelIsEmptyWithInfiniteDepthAndZeroBarycentrics() {
        Fragments f = render(settings(4, 5), new float[] {1, 1, 1}, new int[0]);
        int[] empty = new int[20];
        java.util.Arrays.fill(empty, Fragments.EMPTY);
        assertArrayEquals(empty, f.triangleIds());
        assertArrayEquals(new float[60], f.barycentrics());
        for (float d : f.depth()) {
            assertEquals(Float.POSITIVE_INFINITY, d);
        }
    }

    @Test
    void givenANanCoordinate_whenRasterized_thenTheErrorNamesTheVertex() {
        float[] v = {1, 1, 1, 15, Float.NaN, 1, 1, 15, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(settings(16, 16), v, new int[] {0, 1, 2}));
        assertTrue(e.getMessage().contains("screenVertices[1,1]"), e.getMessage());
    }

    @Test
    void givenATriangleIndexOutOfRange_whenRasterized_thenTheErrorNamesIndexAndRange() {
        float[] v = {1, 1, 1, 15, 1, 1, 1, 15, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(settings(16, 16), v, new int[] {0, 1, 3}));
        assertTrue(e.getMessage().contains("3 at [0,2] is outside [0,3)"), e.getMessage());
    }

    /** Triangles of an n x n vertex grid, each cell split along a random diagonal, counter-clockwise on screen. */
    static int[] grid(int n, Random random) {
        int[] tris = new int[6 * (n - 1) * (n - 1)];
        int k = 0;
        for (int r = 0; r < n - 1; r++) {
            for (int c = 0; c < n - 1; c++) {
                int a = r * n + c, b = a + 1, d = a + n, e = d + 1;
                int[] cell = random.nextBoolean() ? new int[] {a, d, e, a, e, b} : new int[] {a, d, b, b, d, e};
                System.arraycopy(cell, 0, tris, k, 6);
                k += 6;
            }
        }
        return tris;
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
