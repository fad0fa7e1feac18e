package org.dfmvr.bench.render;

import java.util.concurrent.TimeUnit;
import org.dfmvr.render.FloatImage;
import org.dfmvr.render.Fragments;
import org.dfmvr.render.ParallelRasterizer;
import org.dfmvr.render.RasterSettings;
import org.dfmvr.render.VertexShading;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Milliseconds per render of a 35,002-vertex / 70,000-triangle closed ellipsoid covering ~60% of a square image
 * ({@link EllipsoidScene}, 175 rings x 200 segments), back faces culled, perspective-correct. {@code rasterize} is the
 * rasterizer alone (fragments out); {@code rasterizeAndShade} adds the RGB image and the mask from vertex colours.
 * Run: {@code bench/run jmh 'RasterizerBenchmark' -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RasterizerBenchmark {
    @Param({"224", "64"})
    public int imageSize;

    @Param({"1", "2"})
    public int threads;

    private EllipsoidScene scene;
    private float[] colors;
    private ParallelRasterizer rasterizer;

    @Setup(Level.Trial)
    public void setUp() {
        scene = new EllipsoidScene(175, 200, imageSize, 0.6);
        colors = new float[scene.screenVertices.length];
        for (int i = 0; i < colors.length; i++) {
            colors[i] = (i % 7) / 7f;
        }
        rasterizer = new ParallelRasterizer(new RasterSettings(imageSize, imageSize, true, 0.01f, true, threads));
        Fragments f = rasterizer.rasterize(scene.screenVertices, scene.triangles);
        System.out.printf("%n[scene] %d vertices, %d triangles, %dx%d image, %.1f%% pixels covered%n",
                scene.vertexCount(), scene.triangleCount(), imageSize, imageSize,
                100.0 * f.coveredPixelCount() / f.pixelCount());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rasterizer.close();
    }

    @Benchmark
    public Fragments rasterize() {
        return rasterizer.rasterize(scene.screenVertices, scene.triangles);
    }

    @Benchmark
    public FloatImage[] rasterizeAndShade() {
        Fragments f = rasterizer.rasterize(scene.screenVertices, scene.triangles);
        return new FloatImage[] {VertexShading.rgb(f, scene.triangles, colors, new float[3]), VertexShading.mask(f)};
    }
}
