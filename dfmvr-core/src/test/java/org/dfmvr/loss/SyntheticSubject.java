package org.dfmvr.loss;

import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.camera.RigidPose;
import org.dfmvr.dataset.WeightMap;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.facemodel.SyntheticFaceModel;
import org.dfmvr.lighting.SphericalHarmonics;
import org.dfmvr.mesh.MeshNormals;
import org.dfmvr.render.Fragments;
import org.dfmvr.render.LabelMap;
import org.dfmvr.render.RasterSettings;
import org.dfmvr.render.ReferenceRasterizer;
import org.dfmvr.render.VertexShading;

/**
 * Test fixture: one synthetic subject rendered with the existing forward renderer (ReferenceRasterizer +
 * VertexShading, not the code under test) from known coefficients, packed as {@link LabelLayout} labels: per view
 * image, weight map (WeightMap of the rendered part labels), the rendered part labels as parse labels, 68 projected
 * landmarks, present flag; 3D landmarks.
 */
final class SyntheticSubject {
    /** Yaw of the left, front and right views, radians. */
    static final double[] YAWS = {-0.45, 0, 0.45};

    private SyntheticSubject() {
    }

    /** A small synthface: grid 25 (625 vertices), ranks 6/4/6. */
    static MorphableModel smallModel() {
        return SyntheticFaceModel.build(new SyntheticFaceModel.Settings(7, 25, 6, 4, 6));
    }

    /** Ground-truth coefficients: deterministic shape/texture/lighting, 3 views at {@link #YAWS}. */
    static double[] truth(CoeffLayout layout, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] c = new double[layout.size()];
        for (int i = 0; i < layout.idSize(); i++) {
            c[layout.idOffset() + i] = 0.8 * r.nextGaussian();
        }
        for (int i = 0; i < layout.expSize(); i++) {
            c[layout.expOffset() + i] = 0.5 * r.nextGaussian();
        }
        for (int i = 0; i < layout.texSize(); i++) {
            c[layout.texOffset() + i] = 0.5 * r.nextGaussian();
        }
        for (int ch = 0; ch < 3; ch++) {
            c[layout.gammaOffset() + 9 * ch] = 0.2;
            c[layout.gammaOffset() + 9 * ch + 2] = 0.15;
            c[layout.gammaOffset() + 9 * ch + 1] = -0.1;
        }
        for (int v = 0; v < layout.views(); v++) {
            c[layout.rotationOffset(v) + 1] = YAWS[v % YAWS.length];
            c[layout.rotationOffset(v)] = 0.05;
        }
        return c;
    }

    /** Packed labels [LabelLayout.size()] for coefficients {@code c}, every view present, 3D landmarks on. */
    static double[] labels(WeakObjective objective, double[] c) {
        MorphableModel m = objective.model();
        CoeffLayout layout = objective.coeffLayout();
        LabelLayout ll = objective.labelLayout();
        int size = ll.imageSize();
        float[] fc = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            fc[i] = (float) c[i];
        }
        float[] shape = m.shape(layout.id(fc), layout.exp(fc));
        float[] albedo = m.albedo(layout.tex(fc));
        float[] normals = new float[shape.length];
        MeshNormals.vertexNormals(shape, m.triangles(), normals);
        PerspectiveCamera camera = PerspectiveCamera.deep3dFace(size, m.unit());
        ReferenceRasterizer raster = new ReferenceRasterizer(new RasterSettings(size, size, true,
                RasterSettings.DEFAULT_NEAR_DEPTH, false, 1));
        int[] tris = m.triangles();
        int[] partLabels = new int[m.vertexCount()];
        byte[] parts = m.partLabels();
        for (int i = 0; i < parts.length; i++) {
            partLabels[i] = parts[i];
        }
        double[] out = new double[ll.size()];
        for (int v = 0; v < layout.views(); v++) {
            RigidPose pose = RigidPose.of(layout.rotation(fc, v), layout.translation(fc, v));
            float[] posed = pose.apply(shape);
            float[] uv = camera.project(posed);
            float[] screen = new float[posed.length];
            for (int i = 0; i < m.vertexCount(); i++) {
                screen[3 * i] = uv[2 * i];
                screen[3 * i + 1] = uv[2 * i + 1];
                screen[3 * i + 2] = (float) camera.depth(posed[3 * i + 2]);
            }
            float[] rotatedNormals = new float[normals.length];
            pose.applyToDirections(normals, rotatedNormals);
            float[] colors = SphericalHarmonics.shade(albedo, rotatedNormals, layout.gamma(fc));
            Fragments fr = raster.rasterize(screen, tris);
            float[] rgb = VertexShading.rgb(fr, tris, colors, new float[3]).data();
            for (int i = 0; i < rgb.length; i++) {
                out[ll.imageOffset(v) + i] = rgb[i];
            }
            LabelMap parse = VertexShading.labels(fr, tris, partLabels, 0);
            int[] weight = WeightMap.of(parse.labels(), size, size, Math.max(1, size / 22));
            for (int p = 0; p < weight.length; p++) {
                out[ll.weightOffset(v) + p] = weight[p];
                out[ll.parseOffset(v) + p] = parse.labels()[p];
            }
            int[] lm = m.landmarkIds68();
            for (int k = 0; k < lm.length; k++) {
                out[ll.landmarksOffset(v) + 2 * k] = uv[2 * lm[k]];
                out[ll.landmarksOffset(v) + 2 * k + 1] = uv[2 * lm[k] + 1];
            }
            out[ll.presentOffset(v)] = 1;
        }
        int[] ids3 = objective.landmarks3dIds();
        for (int k = 0; k < ids3.length; k++) {
            for (int a = 0; a < 3; a++) {
                out[ll.landmarks3dOffset() + 3 * k + a] = shape[3 * ids3[k] + a];
            }
        }
        out[ll.landmarks3dFlagOffset()] = 1;
        return out;
    }
}
