package org.dfmvr.infer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.bundle.BundleManifest;
import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.camera.RigidPose;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.fitting.LandmarkFitResult;
import org.dfmvr.fitting.LandmarkFitSettings;
import org.dfmvr.fitting.MultiViewLandmarkFit;
import org.dfmvr.lighting.SphericalHarmonics;
import org.dfmvr.mesh.MeshNormals;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.nn.ViewTensors;
import org.dfmvr.render.FloatImage;
import org.dfmvr.render.Fragments;
import org.dfmvr.render.ParallelRasterizer;
import org.dfmvr.render.RasterSettings;
import org.dfmvr.render.TextureBaker;
import org.dfmvr.render.VertexShading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Network output to meshes, poses and quality, for a batch of samples (plain Java + ND4J, no Spark).
 *
 * <p>Per batch: {@link ViewTensors} inputs (absent views are zeros) -> one {@code graph.output} -> per sample the
 * {@link CoeffLayout} split -> {@code model.shape(id, exp)} and {@code model.shape(id, 0)} scaled to millimetres,
 * albedo {@code model.albedo(tex)} clamped to [0,1] as vertex colours. Per present view: the pose
 * ({@link RigidPose}, Deep3DFace convention: rotate, then translate), the 68 model landmarks projected with the
 * Deep3DFace camera at the bundle image size ({@link PerspectiveCamera#deep3dFace}) against the stored landmarks68,
 * and the photometric residual of the SH-lit render ({@link SphericalHarmonics}, reference renderer of
 * {@code org.dfmvr.render}) against the input crop inside the rendered mask — the same image formation the weak
 * losses of DF-MVR (paper §3.3) and our synthetic data use. With the landmark fit on, identity, expression and the
 * poses of the views with stored landmarks are first refined against those landmarks ({@link MultiViewLandmarkFit},
 * starting from the network's output). With texture baking on and a face model with UVs, the
 * present views' photos are baked into a UV texture ({@link TextureBaker}) with the same poses and depth buffers.
 */
public final class Reconstructor implements AutoCloseable {
    private final ComputationGraph graph;
    private final BundleManifest manifest;
    private final MorphableModel model;
    private final CoeffLayout layout;
    private final QualitySettings quality;
    /** Null when no texture is baked (off, or the model has no UVs). */
    private final TextureBaker.Settings baking;
    private final float[] uvs;
    private final PerspectiveCamera camera;
    private final ParallelRasterizer rasterizer;
    private final float mmPerUnit;
    /** Null when the landmark fit is off. */
    private final MultiViewLandmarkFit landmarkFit;
    private final boolean fitDetected;

    /**
     * @throws IllegalArgumentException when {@code model}'s ranks are not the bundle's coefficient layout
     */
    public Reconstructor(ComputationGraph graph, BundleManifest manifest, MorphableModel model,
                         QualitySettings quality, TextureSettings texture, LandmarkFitSettings fit) {
        CoeffLayout forModel = CoeffLayout.forModel(model, manifest.network().views());
        if (!forModel.equals(manifest.coefficients())) {
            throw new IllegalArgumentException("face model " + model.id() + " has coefficient layout " + forModel
                    + " but bundle " + manifest.version() + " was trained for " + manifest.coefficients()
                    + " of face model " + manifest.faceModel());
        }
        this.graph = graph;
        this.manifest = manifest;
        this.model = model;
        this.layout = manifest.coefficients();
        this.quality = quality;
        this.camera = PerspectiveCamera.deep3dFace(manifest.imageSize(), model.unit());
        this.rasterizer = new ParallelRasterizer(RasterSettings.square(manifest.imageSize()).withThreads(1));
        this.mmPerUnit = (float) model.unit().millimetresPerUnit();
        this.baking = texture.bake() && model.hasUvs() ? texture.baker(mmPerUnit) : null;
        this.uvs = model.uvs();
        this.landmarkFit = fit.enabled() ? new MultiViewLandmarkFit(model, camera, fit) : null;
        this.fitDetected = fit.useDetected();
    }

    /** True when reconstructions carry a baked texture. */
    public boolean bakesTextures() {
        return baking != null;
    }

    /**
     * Reconstructs {@code batch} (1..n samples, any subset of views each) with one network call. Synchronized: one
     * instance is shared by the tasks of an executor JVM and a DL4J graph is not safe for concurrent output calls.
     */
    public synchronized List<Reconstruction> reconstruct(List<MultiViewSample> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        INDArray[] inputs = ViewTensors.features(batch, manifest.imageSize());
        float[][] coeffs;
        INDArray out = graph.output(false, inputs)[0];
        try (out) {
            coeffs = out.castTo(DataType.FLOAT).toFloatMatrix();
        } finally {
            for (INDArray in : inputs) {
                in.close();
            }
        }
        List<Reconstruction> result = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            result.add(one(batch.get(i), coeffs[i]));
        }
        return result;
    }

    private Reconstruction one(MultiViewSample sample, float[] network) {
        Map<String, ViewRecord> byName = sample.views().stream()
                .collect(Collectors.toMap(ViewRecord::view, Function.identity()));
        float[] c = network;
        LandmarkFitResult fit = landmarkFit == null ? null : fitLandmarks(byName, network);
        if (fit != null) {
            c = fitted(network, fit, byName);
        }
        float[] id = layout.id(c), exp = layout.exp(c);
        float[] shape = model.shape(id, exp);
        float[] neutral = model.shape(id, new float[layout.expSize()]);
        float[] albedo = model.albedo(layout.tex(c));
        for (int k = 0; k < albedo.length; k++) {
            albedo[k] = Math.max(0f, Math.min(1f, albedo[k]));
        }
        float[] normals = MeshNormals.vertexNormals(new TriangleMesh(shape, model.triangles(), null));
        List<Reconstruction.ViewResult> views = new ArrayList<>();
        List<TextureBaker.View> seen = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int v = 0; v < layout.views(); v++) {
            String name = manifest.viewNames().get(v);
            ViewRecord input = byName.get(name);
            if (input == null) {
                views.add(new Reconstruction.ViewResult(name, false, null, null, Double.NaN, Double.NaN, null, null));
                continue;
            }
            Reconstruction.ViewResult r = view(input, layout.rotation(c, v), layout.translation(c, v), shape, albedo,
                    normals, layout.gamma(c), seen);
            if (r.landmarkErrorPx() > quality.maxLandmarkErrorPx()) {
                reasons.add(String.format("%s: landmark error %.2f px > %.2f", name, r.landmarkErrorPx(),
                        quality.maxLandmarkErrorPx()));
            }
            if (Double.isNaN(r.photometricResidual())) {
                reasons.add(name + ": the face renders to no pixel of the crop");
            } else if (r.photometricResidual() > quality.maxPhotometricResidual()) {
                reasons.add(String.format("%s: photometric residual %.4f > %.4f", name, r.photometricResidual(),
                        quality.maxPhotometricResidual()));
            }
            views.add(r);
        }
        TextureBaker.Baked texture = baking == null ? null
                : TextureBaker.bake(uvs, model.triangles(), albedo, seen, baking);
        return new Reconstruction(sample.sampleId(), c, new TriangleMesh(scaled(shape), model.triangles(), albedo),
                new TriangleMesh(scaled(neutral), model.triangles(), albedo), views, !reasons.isEmpty(), reasons,
                texture, fit);
    }

    /**
     * Indices (layout order) of the present views with landmarks the fit may use: stored ones, and detected ones when
     * the settings allow them.
     */
    private List<Integer> viewsWithLandmarks(Map<String, ViewRecord> byName) {
        List<Integer> out = new ArrayList<>();
        for (int v = 0; v < layout.views(); v++) {
            ViewRecord input = byName.get(manifest.viewNames().get(v));
            if (input != null && input.landmarks68() != null
                    && (fitDetected || !ViewRecord.LANDMARKS_DETECTED.equals(input.landmarksSource()))) {
                out.add(v);
            }
        }
        return out;
    }

    /** The fit over {@link #viewsWithLandmarks}, from the network's output; null when there are none. */
    private LandmarkFitResult fitLandmarks(Map<String, ViewRecord> byName, float[] c) {
        List<MultiViewLandmarkFit.View> views = new ArrayList<>();
        for (int v : viewsWithLandmarks(byName)) {
            ViewRecord input = byName.get(manifest.viewNames().get(v));
            views.add(new MultiViewLandmarkFit.View(input.landmarks68(), input.landmarks68Weights(),
                    layout.rotation(c, v), layout.translation(c, v)));
        }
        return views.isEmpty() ? null : landmarkFit.fit(layout.id(c), layout.exp(c), views);
    }

    /** The network output with the fit's identity, expression and poses. */
    private float[] fitted(float[] network, LandmarkFitResult fit, Map<String, ViewRecord> byName) {
        float[] c = network.clone();
        System.arraycopy(fit.id(), 0, c, layout.idOffset(), layout.idSize());
        System.arraycopy(fit.exp(), 0, c, layout.expOffset(), layout.expSize());
        List<Integer> views = viewsWithLandmarks(byName);
        for (int k = 0; k < views.size(); k++) {
            System.arraycopy(fit.rotations()[k], 0, c, layout.rotationOffset(views.get(k)), CoeffLayout.ROTATION_SIZE);
            System.arraycopy(fit.translations()[k], 0, c, layout.translationOffset(views.get(k)),
                    CoeffLayout.TRANSLATION_SIZE);
        }
        return c;
    }

    private Reconstruction.ViewResult view(ViewRecord input, float[] rotation, float[] translation, float[] shape,
                                           float[] albedo, float[] normals, float[] gamma,
                                           List<TextureBaker.View> seen) {
        RigidPose pose = RigidPose.of(rotation, translation);
        float[] posed = pose.apply(shape);
        float[] rotatedNormals = new float[normals.length];
        pose.applyToDirections(normals, rotatedNormals);
        float[] colors = SphericalHarmonics.shade(albedo, rotatedNormals, gamma);
        for (int k = 0; k < colors.length; k++) {
            colors[k] = Math.max(0f, Math.min(1f, colors[k]));
        }
        float[] screen = camera.screenVertices(posed);
        Fragments fragments = rasterizer.rasterize(screen, model.triangles());
        FloatImage render = VertexShading.rgb(fragments, model.triangles(), colors, new float[3]);
        FloatImage mask = VertexShading.mask(fragments);

        double lmError = Double.NaN;
        if (input.landmarks68() != null) {
            int[] ids = model.landmarkIds68();
            double sum = 0;
            int used = 0;
            for (int k = 0; k < ids.length; k++) {
                if (!input.landmarkTrusted(k)) { // set aside by the landmark detector's plausibility rule
                    continue;
                }
                double dx = screen[3 * ids[k]] - input.landmarks68()[2 * k];
                double dy = screen[3 * ids[k] + 1] - input.landmarks68()[2 * k + 1];
                sum += Math.sqrt(dx * dx + dy * dy);
                used++;
            }
            lmError = used == 0 ? Double.NaN : sum / used;
        }
        FloatImage photo = decode(input.imagePng());
        int size = manifest.imageSize();
        double diff = 0;
        long covered = 0;
        for (int p = 0; p < size * size; p++) {
            if (mask.data()[p] > 0.5f) {
                for (int k = 0; k < 3; k++) {
                    diff += Math.abs(render.data()[3 * p + k] - photo.data()[3 * p + k]);
                }
                covered++;
            }
        }
        if (baking != null) {
            seen.add(new TextureBaker.View(camera, posed, rotatedNormals, fragments, photo));
        }
        double photometric = covered == 0 ? Double.NaN : diff / (3.0 * covered);
        float[] translationMm = {translation[0] * mmPerUnit, translation[1] * mmPerUnit, translation[2] * mmPerUnit};
        return new Reconstruction.ViewResult(input.view(), true, rotation, translationMm, lmError, photometric, render,
                mask);
    }

    private float[] scaled(float[] positions) {
        float[] out = positions.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] *= mmPerUnit;
        }
        return out;
    }

    /** The crop as RGB in [0,1]. */
    private static FloatImage decode(byte[] png) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int w = image.getWidth(), h = image.getHeight();
        float[] rgb = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y), p = 3 * (y * w + x);
                rgb[p] = ((argb >> 16) & 0xff) / 255f;
                rgb[p + 1] = ((argb >> 8) & 0xff) / 255f;
                rgb[p + 2] = (argb & 0xff) / 255f;
            }
        }
        return new FloatImage(h, w, 3, rgb);
    }

    @Override
    public void close() {
        rasterizer.close();
    }
}
