package org.dfmvr.bench.facemodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.camera.RigidPose;
import org.dfmvr.facemodel.FaceModelCache;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.facemodel.SyntheticFaceModel;
import org.dfmvr.lighting.SphericalHarmonics;
import org.dfmvr.mesh.MeshNormals;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call cost of the face-model forward pieces on one core: shape and albedo from coefficients, pose plus
 * projection, vertex normals, SH shading, and loading a model from our cache file. {@code grid} 97 is the default
 * synthetic model (9,409 vertices); 189 has 35,721 vertices, the size of Deep3DFace's BFM-front (35,709).
 * Run: {@code bench/run jmh 'FaceModelBench' -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FaceModelBench {
    @Param({"97", "189"})
    public int grid;

    private MorphableModel model;
    private int[] triangles;
    private float[] id;
    private float[] exp;
    private float[] tex;
    private float[] gamma;
    private float[] shape;
    private float[] albedo;
    private float[] normals;
    private float[] world;
    private float[] uv;
    private float[] lit;
    private RigidPose pose;
    private PerspectiveCamera camera;
    private Path cacheFile;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        model = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(1, grid, 80, 64, 80));
        triangles = model.triangles();
        SplittableRandom r = new SplittableRandom(2);
        id = gaussian(r, model.idRank());
        exp = gaussian(r, model.expRank());
        tex = gaussian(r, model.texRank());
        gamma = gaussian(r, 27);
        int n = 3 * model.vertexCount();
        shape = model.shape(id, exp);
        albedo = model.albedo(tex);
        normals = new float[n];
        world = new float[n];
        uv = new float[2 * model.vertexCount()];
        lit = new float[n];
        pose = RigidPose.of(new float[] {0.1f, 0.4f, -0.05f}, new float[] {5, -3, 20});
        camera = PerspectiveCamera.deep3dFace(224, model.unit());
        cacheFile = Files.createTempFile("facemodel-bench", ".fmc");
        FaceModelCache.write(model, cacheFile);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(cacheFile);
    }

    @Benchmark
    public float[] shapeFromCoefficients() {
        model.shape(id, exp, shape);
        return shape;
    }

    @Benchmark
    public float[] albedoFromCoefficients() {
        model.albedo(tex, albedo);
        return albedo;
    }

    @Benchmark
    public float[] poseAndProject() {
        pose.apply(shape, world);
        camera.project(world, uv);
        return uv;
    }

    @Benchmark
    public float[] vertexNormals() {
        MeshNormals.vertexNormals(shape, triangles, normals);
        return normals;
    }

    @Benchmark
    public float[] shLighting() {
        SphericalHarmonics.shade(albedo, normals, gamma, lit);
        return lit;
    }

    @Benchmark
    public MorphableModel loadFromCache() throws IOException {
        return FaceModelCache.read(cacheFile);
    }

    private static float[] gaussian(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.5 * nextGaussian(r));
        }
        return a;
    }

    private static double nextGaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
