package org.dfmvr.loss;

import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.render.ParallelRasterizer;
import org.dfmvr.render.RasterSettings;

/**
 * The whole weakly supervised objective for one example, forward and backward, in double: coefficients
 * ({@link CoeffLayout}) → {@link FaceDecoder} → per view {@link RigidStage} → {@link ProjectionStage} and
 * ({@link NormalStage} of the model-frame shape, rotated per view) → {@link ShadingStage} →
 * {@link DifferentiableRenderer} → {@link LossTerms}. Camera: {@link PerspectiveCamera#deep3dFace} for the image size
 * and the model's unit. Labels are packed as {@link LabelLayout} says.
 *
 * <p>3D landmarks: the model's 101 DF-MVR vertices when it has them, else its 68 landmark vertices; the similarity is
 * fitted on the model's 7 alignment vertices, which must be among them; {@link AlignmentGradient} says whether the
 * backward treats it as a constant (DF-MVR; then that gradient is not the exact derivative) or differentiates
 * through it. The mask term runs the frozen parse net of {@link ObjectiveSettings#parseNetPath()} on each rendered
 * view ({@link ParseNetTerm}), unless the example's mask hold flag ({@link LabelLayout#maskHoldOffset()}) is set.
 *
 * <p>Immutable and thread-safe: {@link #evaluate} allocates its own work arrays (the rasterizer is single-threaded
 * and stateless), so examples of a batch can be evaluated in parallel.
 */
public final class WeakObjective {
    private final MorphableModel model;
    private final CoeffLayout layout;
    private final LabelLayout labels;
    private final ObjectiveSettings settings;
    private final LossWeights weights;
    private final LightingFrame lighting;
    private final FaceDecoder decoder;
    private final ProjectionStage projection;
    private final DifferentiableRenderer renderer;
    private final int[] triangles;
    private final int[] landmarks68;
    private final int[] landmarks3d;
    private final int[] alignmentSlots;
    private final boolean[] skin;
    private final ParseNetTerm parseNet;

    public WeakObjective(MorphableModel model, ObjectiveSettings settings) {
        int imageSize = settings.imageSize();
        int views = settings.views();
        this.model = model;
        this.settings = settings;
        this.layout = CoeffLayout.forModel(model, views);
        this.weights = settings.weights();
        this.lighting = settings.lighting();
        this.decoder = new FaceDecoder(model);
        this.projection = new ProjectionStage(PerspectiveCamera.deep3dFace(imageSize, model.unit()));
        this.renderer = new DifferentiableRenderer(new ParallelRasterizer(new RasterSettings(imageSize, imageSize,
                true, RasterSettings.DEFAULT_NEAR_DEPTH, false, 1)));
        this.triangles = model.triangles();
        this.landmarks68 = model.landmarkIds68();
        this.landmarks3d = model.hasLandmarks101() ? model.landmarkIds101() : landmarks68;
        this.alignmentSlots = slotsOf(model.alignmentIds(), landmarks3d, model.id());
        this.skin = model.skinMask();
        this.labels = new LabelLayout(views, imageSize, landmarks3d.length);
        this.parseNet = settings.weights().mask() > 0 ? new ParseNetTerm(LossModels.parseNet(settings.parseNetPath()))
                : null;
    }

    private static int[] slotsOf(int[] alignment, int[] landmarks, String modelId) {
        int[] slots = new int[alignment.length];
        for (int i = 0; i < alignment.length; i++) {
            slots[i] = -1;
            for (int k = 0; k < landmarks.length && slots[i] < 0; k++) {
                if (landmarks[k] == alignment[i]) {
                    slots[i] = k;
                }
            }
            if (slots[i] < 0) {
                throw new IllegalArgumentException("model " + modelId + ": alignment vertex " + alignment[i]
                        + " is not one of its 3D landmark vertices");
            }
        }
        return slots;
    }

    public CoeffLayout coeffLayout() {
        return layout;
    }

    public LabelLayout labelLayout() {
        return labels;
    }

    public MorphableModel model() {
        return model;
    }

    /** The 3D landmark vertex ids (0-based) the 3D labels refer to, in label order. */
    public int[] landmarks3dIds() {
        return landmarks3d.clone();
    }

    /**
     * Evaluates one example.
     *
     * @param coeffs      [layout.size()] at {@code coeffOffset}
     * @param label       the packed labels ({@link LabelLayout}) at {@code labelOffset}
     * @param grad        null, or [layout.size()] at {@code coeffOffset}: receives += d total / d coeffs
     * @return the terms; an example whose total or gradient is not finite contributes nothing (zero terms, zero
     *         gradient) and is counted in {@link LossBreakdown#nonFiniteExamples()}
     */
    public LossBreakdown evaluate(double[] coeffs, int coeffOffset, double[] label, int labelOffset, double[] grad) {
        double[] c = java.util.Arrays.copyOfRange(coeffs, coeffOffset, coeffOffset + layout.size());
        double[] g = new double[layout.size()];
        double[] l = labelOffset == 0 && label.length == labels.size() ? label
                : java.util.Arrays.copyOfRange(label, labelOffset, labelOffset + labels.size());
        LossBreakdown b = evaluate(c, l, g);
        if (grad != null) {
            for (int i = 0; i < g.length; i++) {
                grad[coeffOffset + i] += g[i];
            }
        }
        return b;
    }

    private LossBreakdown evaluate(double[] c, double[] label, double[] grad) {
        for (double v : c) {
            if (!Double.isFinite(v)) {
                return LossBreakdown.nonFinite(0);
            }
        }
        int nv = decoder.vertexCount();
        int views = layout.views();
        double[] shape = new double[3 * nv];
        double[] albedo = new double[3 * nv];
        decoder.shape(c, layout.idOffset(), layout.expOffset(), shape);
        decoder.albedo(c, layout.texOffset(), albedo);
        double[] sums = new double[3 * nv];
        double[] normals = new double[3 * nv];
        NormalStage.forward(shape, triangles, sums, normals);

        RigidStage[] rigid = new RigidStage[views];
        int present = 0;
        for (int v = 0; v < views; v++) {
            rigid[v] = new RigidStage(c, layout.rotationOffset(v));
            if (label[labels.presentOffset(v)] != 0) {
                present++;
            }
        }
        double[] gShape = new double[3 * nv];
        double[] gAlbedo = new double[3 * nv];
        double[] gNormals = new double[3 * nv];
        double photo = 0;
        double lm2d = 0;
        double maskTerm = 0;
        boolean maskOn = parseNet != null && label[labels.maskHoldOffset()] == 0;
        long degenerate = 0;
        for (int v = 0; v < views && present > 0; v++) {
            if (label[labels.presentOffset(v)] == 0) {
                continue;
            }
            RigidStage pose = rigid[v];
            int lightView = lighting == LightingFrame.OWN_VIEW ? v : views - 1;
            RigidStage light = rigid[lightView];
            double[] posed = new double[3 * nv];
            pose.forward(shape, c, layout.translationOffset(v), posed);
            double[] uv = new double[2 * nv];
            double[] depth = new double[nv];
            projection.forward(posed, uv, depth);
            double[] viewNormals = new double[3 * nv];
            light.forward(normals, null, 0, viewNormals);
            double[] colors = new double[3 * nv];
            ShadingStage.forward(albedo, viewNormals, c, layout.gammaOffset(), colors);
            DifferentiableRenderer.View view = renderer.forward(uv, depth, colors, triangles);
            degenerate += view.degeneratePixels();

            double[] gImage = new double[view.image().length];
            double[] gUv = new double[2 * nv];
            photo += LossTerms.photo(view, label, labels.imageOffset(v), label, labels.weightOffset(v),
                    weights.photo() / present, gImage);
            lm2d += LossTerms.landmarks2d(uv, landmarks68, label, labels.landmarksOffset(v),
                    weights.lm2d() / present, gUv);
            if (maskOn) {
                maskTerm += parseNet.evaluate(view.image(), renderer.height(), renderer.width(), label,
                        labels.parseOffset(v), weights.mask() / present, gImage);
            }

            double[] gColors = new double[3 * nv];
            renderer.backward(view, uv, colors, triangles, gImage, gUv, gColors);
            double[] gViewNormals = new double[3 * nv];
            ShadingStage.backward(albedo, viewNormals, c, layout.gammaOffset(), gColors, gAlbedo, gViewNormals, grad);
            light.backward(normals, gViewNormals, gNormals, grad, layout.rotationOffset(lightView), -1);
            double[] gPosed = new double[3 * nv];
            projection.backward(posed, gUv, gPosed);
            pose.backward(shape, gPosed, gShape, grad, layout.rotationOffset(v), layout.translationOffset(v));
        }
        if (present > 0) {
            photo /= present;
            lm2d /= present;
            maskTerm /= present;
        }
        double lm3d = 0;
        int[] fallback = new int[1];
        if (label[labels.landmarks3dFlagOffset()] != 0 && weights.lm3d() > 0) {
            lm3d = LossTerms.landmarks3d(shape, landmarks3d, alignmentSlots, label, labels.landmarks3dOffset(),
                    settings.alignmentGradient(), weights.lm3d(), gShape, fallback);
        }
        double reflect = LossTerms.reflectance(albedo, skin, weights.reflect(), gAlbedo);
        NormalStage.backward(shape, triangles, sums, normals, gNormals, gShape);
        decoder.shapeBackward(gShape, layout.idOffset(), layout.expOffset(), grad);
        decoder.albedoBackward(gAlbedo, layout.texOffset(), grad);
        double para = LossTerms.coefficientPrior(c, layout.idOffset(), layout.idSize(), layout.expOffset(),
                layout.expSize(), layout.texOffset(), layout.texSize(), weights.para(), grad);
        double gamma = LossTerms.gammaPrior(c, layout.gammaOffset(), weights.gamma(), grad);
        double total = weights.photo() * photo + weights.lm2d() * lm2d + weights.lm3d() * lm3d
                + weights.para() * para + weights.gamma() * gamma + weights.reflect() * reflect
                + weights.mask() * maskTerm;
        boolean finite = Double.isFinite(total);
        for (int i = 0; i < grad.length && finite; i++) {
            finite = Double.isFinite(grad[i]);
        }
        if (!finite) {
            java.util.Arrays.fill(grad, 0);
            return LossBreakdown.nonFinite(degenerate);
        }
        return new LossBreakdown(total, photo, lm2d, lm3d, para, gamma, reflect, maskTerm, degenerate, fallback[0],
                0);
    }
}
