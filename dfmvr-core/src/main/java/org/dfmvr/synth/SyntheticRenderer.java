package org.dfmvr.synth;

import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.camera.RigidPose;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.lighting.SphericalHarmonics;
import org.dfmvr.mesh.MeshNormals;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.render.FloatImage;
import org.dfmvr.render.Fragments;
import org.dfmvr.render.LabelMap;
import org.dfmvr.render.ParallelRasterizer;
import org.dfmvr.render.RasterSettings;
import org.dfmvr.render.VertexShading;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders synthetic multi-view samples of a {@link MorphableModel} with the same camera (Deep3DFace's, scaled to the
 * image size), pose convention and SH lighting the reconstruction uses, so the weak losses can in principle explain
 * every pixel. Deterministic: the same seed and names give the same sample on any machine and thread count.
 *
 * <p>Per sample: identity and albedo from the subject's seed (shared by its expressions), expression from the
 * sample's seed (expression {@code e00} is neutral), one SH lighting shared by the views (DF-MVR shares gamma), per
 * view a pose (yaw + jitter, small pitch/roll, translation), a background and camera noise. Each view is lit with its
 * own rotated normals.
 */
public final class SyntheticRenderer implements AutoCloseable {
    private final MorphableModel model;
    private final SynthSettings settings;
    private final PerspectiveCamera camera;
    private final ParallelRasterizer rasterizer;
    private final int[] partLabels;

    public SyntheticRenderer(MorphableModel model, SynthSettings settings) {
        this.model = model;
        this.settings = settings;
        this.camera = PerspectiveCamera.deep3dFace(settings.imageSize(), model.unit());
        this.rasterizer = new ParallelRasterizer(RasterSettings.square(settings.imageSize()).withThreads(1));
        byte[] labels = model.partLabels();
        this.partLabels = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            partLabels[i] = labels[i];
        }
    }

    /** Seed of a subject's identity and albedo, from the run seed and the subject name. */
    static long subjectSeed(long runSeed, String subject) {
        return new SplittableRandom(runSeed ^ (long) subject.hashCode() * 0x9E3779B97F4A7C15L).nextLong();
    }

    public SyntheticSample render(long runSeed, String subject, String expression, boolean neutral) {
        SplittableRandom subjectRng = new SplittableRandom(subjectSeed(runSeed, subject));
        float[] id = gaussian(subjectRng, model.idRank(), settings.idSigma());
        float[] tex = gaussian(subjectRng, model.texRank(), settings.texSigma());
        SplittableRandom rng = new SplittableRandom(subjectSeed(runSeed, subject + "/" + expression));
        float[] exp = neutral ? new float[model.expRank()] : gaussian(rng, model.expRank(), settings.expSigma());
        float[] gamma = gaussian(rng, SphericalHarmonics.COEFFICIENT_COUNT, settings.lightSigma());

        float[] shape = model.shape(id, exp);
        float[] albedo = clamp01(model.albedo(tex));
        float[] normals = MeshNormals.vertexNormals(new TriangleMesh(shape, model.triangles(), null));
        double mmToUnit = 1.0 / model.unit().millimetresPerUnit();
        // its own stream: the images of a seed do not depend on the landmark noise setting
        SplittableRandom landmarkRng = new SplittableRandom(subjectSeed(runSeed, subject + "/" + expression + "/lm"));
        List<SyntheticSample.View> views = new ArrayList<>();
        for (int v = 0; v < settings.yawsDegrees().size(); v++) {
            double yaw = settings.yawsDegrees().get(v) + uniform(rng, settings.yawJitterDegrees());
            float[] angles = {(float) Math.toRadians(uniform(rng, settings.tiltJitterDegrees())),
                    (float) Math.toRadians(yaw), (float) Math.toRadians(uniform(rng, settings.tiltJitterDegrees()))};
            float[] translation = new float[3];
            for (int k = 0; k < 3; k++) {
                translation[k] = (float) (uniform(rng, settings.translationJitterMm()) * mmToUnit);
            }
            views.add(renderView(settings.viewName(v), yaw, angles, translation, shape, albedo, normals, gamma, rng,
                    landmarkRng));
        }
        TriangleMesh mesh = new TriangleMesh(shape, model.triangles(), albedo);
        float[] lm101 = model.hasLandmarks101() ? gather(shape, model.landmarkIds101()) : null;
        return new SyntheticSample(subject, expression, id, exp, tex, gamma, views, mesh,
                gather(shape, model.alignmentIds()), lm101);
    }

    private SyntheticSample.View renderView(String name, double yaw, float[] angles, float[] translation, float[] shape,
                                            float[] albedo, float[] normals, float[] gamma, SplittableRandom rng,
                                            SplittableRandom landmarkRng) {
        RigidPose pose = RigidPose.of(angles, translation);
        float[] posed = pose.apply(shape);
        float[] rotatedNormals = new float[normals.length];
        pose.applyToDirections(normals, rotatedNormals);
        float[] colors = clamp01(SphericalHarmonics.shade(albedo, rotatedNormals, gamma));

        float[] screen = camera.screenVertices(posed);
        Fragments fragments = rasterizer.rasterize(screen, model.triangles());
        FloatImage face = VertexShading.rgb(fragments, model.triangles(), colors, new float[3]);
        FloatImage mask = VertexShading.mask(fragments);
        LabelMap parse = VertexShading.labels(fragments, model.triangles(), partLabels, 0);
        String background = settings.backgrounds().get(rng.nextInt(settings.backgrounds().size()));
        float[] bg = Backgrounds.draw(background, settings.imageSize(), rng);
        float[] pixels = face.data().clone();
        int size = settings.imageSize();
        for (int p = 0; p < size * size; p++) {
            float a = mask.data()[p];
            for (int c = 0; c < 3; c++) {
                float value = a * pixels[3 * p + c] + (1 - a) * bg[3 * p + c];
                value += (float) (gaussian(rng) * settings.noiseSigma());
                pixels[3 * p + c] = Math.max(0f, Math.min(1f, value));
            }
        }
        float[] lm = new float[MorphableModel.LANDMARK_COUNT * 2];
        int[] ids = model.landmarkIds68();
        for (int k = 0; k < ids.length; k++) {
            lm[2 * k] = screen[3 * ids[k]];
            lm[2 * k + 1] = screen[3 * ids[k] + 1];
        }
        if (settings.landmarkNoisePx() > 0) {
            for (int i = 0; i < lm.length; i++) {
                lm[i] += (float) (gaussian(landmarkRng) * settings.landmarkNoisePx());
            }
        }
        return new SyntheticSample.View(name, yaw, angles, translation, new FloatImage(size, size, 3, pixels), mask,
                parse, lm, background);
    }

    public MorphableModel model() {
        return model;
    }

    public PerspectiveCamera camera() {
        return camera;
    }

    static float[] gather(float[] points, int[] ids) {
        float[] out = new float[ids.length * 3];
        for (int k = 0; k < ids.length; k++) {
            System.arraycopy(points, 3 * ids[k], out, 3 * k, 3);
        }
        return out;
    }

    private static float[] gaussian(SplittableRandom rng, int n, double sigma) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (gaussian(rng) * sigma);
        }
        return out;
    }

    /** Box-Muller on a SplittableRandom (which has no nextGaussian in Java 17). */
    static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static double uniform(SplittableRandom rng, double halfWidth) {
        return halfWidth == 0 ? 0 : rng.nextDouble(-halfWidth, halfWidth);
    }

    private static float[] clamp01(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0f, Math.min(1f, v[i]));
        }
        return v;
    }

    @Override
    public void close() {
        rasterizer.close();
    }
}
