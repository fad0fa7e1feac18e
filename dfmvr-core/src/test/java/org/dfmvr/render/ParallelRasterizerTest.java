package org.dfmvr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.dfmvr.mesh.GlbReader;
import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@link Rasterizer} contract for the fast implementation (3 threads, so bands really run concurrently), and
 * {@link ReferenceRasterizer} as its oracle on random scenes.
 */
class ParallelRasterizerTest extends RasterizerContractTest {
    @Override
    Rasterizer create(RasterSettings settings) {
        return new ParallelRasterizer(settings.withThreads(3));
    }

    @ParameterizedTest(name = "seed {0}, cull {1}, perspective {2}, threads {3}")
    @CsvSource({"1, false, false, 1", "2, true, false, 2", "3, false, true, 3", "4, true, true, 4",
        "5, false, false, 2", "6, true, true, 1"})
    void givenRandomOverlappingTriangles_whenRasterized_thenIdsBarycentricsAndDepthEqualTheReference(
            long seed, boolean cull, boolean perspective, int threads) {
        Random random = new Random(seed);
        int h = 37, w = 45, t = 150;
        // coordinates partly on the half-pixel lattice (edges through pixel centres) and partly arbitrary; some
        // vertices off-screen, some at or in front of the near depth, depths with repeats to provoke ties
        float[] v = new float[9 * t];
        for (int k = 0; k < 3 * t; k++) {
            boolean lattice = random.nextInt(3) == 0;
            v[3 * k] = lattice ? random.nextInt(2 * w + 20) * 0.5f - 5 : random.nextFloat() * (w + 10) - 5;
            v[3 * k + 1] = lattice ? random.nextInt(2 * h + 20) * 0.5f - 5 : random.nextFloat() * (h + 10) - 5;
            v[3 * k + 2] = random.nextInt(20) == 0 ? 0.005f : 0.5f + random.nextInt(8) * 0.5f;
        }
        int[] tris = new int[3 * t];
        for (int k = 0; k < tris.length; k++) {
            tris[k] = k;
        }
        RasterSettings settings = new RasterSettings(h, w, cull, 0.01f, perspective, threads);
        Fragments expected = new ReferenceRasterizer(settings).rasterize(v, tris);
        Fragments actual;
        try (ParallelRasterizer fast = new ParallelRasterizer(settings)) {
            actual = fast.rasterize(v, tris);
        }
        assertTrue(expected.coveredPixelCount() > h * w / 2, "the scene covers most of the image");
        assertTrue(expected.droppedTriangles() > 0, "the scene has triangles at the near depth");
        assertArrayEquals(expected.triangleIds(), actual.triangleIds(), "triangle ids");
        assertArrayEquals(expected.barycentrics(), actual.barycentrics(), "barycentrics");
        assertArrayEquals(expected.depth(), actual.depth(), "depth");
        assertEquals(expected.droppedTriangles(), actual.droppedTriangles(), "dropped triangles");
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"11", "12"})
    void givenAJitteredClosedGridMeshLargerThanOneBand_whenRasterized_thenTheResultEqualsTheReference(long seed) {
        Random random = new Random(seed);
        int n = 40, h = 70, w = 66;
        float[] v = new float[3 * n * n];
        for (int k = 0; k < n * n; k++) {
            v[3 * k] = 1.3f + 1.6f * (k % n) + random.nextFloat() * 0.6f;
            v[3 * k + 1] = 0.7f + 1.7f * (k / n) + random.nextFloat() * 0.6f;
            v[3 * k + 2] = 2 + random.nextFloat();
        }
        int[] tris = grid(n, random);
        RasterSettings settings = new RasterSettings(h, w, true, 0.01f, true, 2);
        Fragments expected = new ReferenceRasterizer(settings).rasterize(v, tris);
        try (ParallelRasterizer fast = new ParallelRasterizer(settings)) {
            assertTrue(expected.sameAs(fast.rasterize(v, tris)), "fast rasterizer differs from the reference");
        }
    }

    @ParameterizedTest(name = "threads {0}")
    @CsvSource({"1", "2"})
    void givenAClosedRasterizer_whenUsed_thenItSaysItIsClosed(int threads) {
        ParallelRasterizer rasterizer = new ParallelRasterizer(settings(8, 8).withThreads(threads));
        rasterizer.close();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> rasterizer.rasterize(new float[] {1, 1, 1, 7, 1, 1, 1, 7, 1}, new int[] {0, 1, 2}));
        assertEquals("rasterizer is closed: create a new ParallelRasterizer", e.getMessage());
    }

    @Test
    void givenTheLeePerrySmithScanSeenFromTheFront_whenRasterized_thenTheResultEqualsTheReference() throws IOException {
        Path scan = Path.of(System.getProperty("dfmvr.shared.dir", "../../shared"),
                "data/scans/lee-perry-smith/LeePerrySmith.glb");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(scan),
                "shared scan absent: " + scan.toAbsolutePath());
        TriangleMesh mesh = GlbReader.read(scan).mesh();
        int size = 48;
        float[] p = mesh.positions(), v = new float[p.length];
        // pinhole camera on the +z axis, 40 units away (the head is about 8 units tall)
        for (int i = 0; i < p.length; i += 3) {
            float depth = 40 - p[i + 2];
            v[i] = size / 2f + 200 * p[i] / depth;
            v[i + 1] = size / 2f - 200 * p[i + 1] / depth;
            v[i + 2] = depth;
        }
        RasterSettings settings = new RasterSettings(size, size, true, 0.01f, true, 2);
        Fragments expected = new ReferenceRasterizer(settings).rasterize(v, mesh.triangles());
        try (ParallelRasterizer fast = new ParallelRasterizer(settings)) {
            assertTrue(expected.coveredPixelCount() > size * size / 4, "the head fills a good part of the image");
            assertTrue(expected.sameAs(fast.rasterize(v, mesh.triangles())), "fast rasterizer differs");
        }
    }
}
