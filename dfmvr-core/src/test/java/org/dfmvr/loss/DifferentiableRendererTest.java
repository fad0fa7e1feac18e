package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dfmvr.loss.FiniteDifferences.assertClose;
import static org.dfmvr.loss.FiniteDifferences.dot;
import static org.dfmvr.loss.FiniteDifferences.gradient;

import java.util.Random;
import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.render.Fragments;
import org.dfmvr.render.ParallelRasterizer;
import org.dfmvr.render.RasterSettings;
import org.dfmvr.render.Rasterizer;
import org.dfmvr.render.ReferenceRasterizer;
import org.dfmvr.render.VertexShading;
import org.junit.jupiter.api.Test;

/**
 * The differentiable renderer against the forward renderer (ReferenceRasterizer + VertexShading) and against finite
 * differences.
 */
class DifferentiableRendererTest {
    private static final int SIZE = 32;
    private static final RasterSettings AFFINE = new RasterSettings(SIZE, SIZE, true, RasterSettings.DEFAULT_NEAR_DEPTH,
            false, 1);
    private final MorphableModel model = SyntheticSubject.smallModel();
    private final Random random = new Random(9);

    /** Projected mean face, yawed a little: uv [V,2], depth [V]; x, y optionally snapped to 1/256 px. */
    private double[][] screen(boolean snapToGrid) {
        float[] mean = model.meanShape();
        double[] pts = new double[mean.length];
        double[] angles = {0.1, 0.3, 0.05};
        RigidStage pose = new RigidStage(angles, 0);
        double[] m = new double[mean.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = mean[i];
        }
        pose.forward(m, null, 0, pts);
        ProjectionStage proj = new ProjectionStage(PerspectiveCamera.deep3dFace(SIZE, model.unit()));
        double[] uv = new double[2 * model.vertexCount()];
        double[] depth = new double[model.vertexCount()];
        proj.forward(pts, uv, depth);
        if (snapToGrid) {
            for (int i = 0; i < uv.length; i++) {
                uv[i] = Math.rint(uv[i] * Rasterizer.SUBPIXEL_STEPS) / Rasterizer.SUBPIXEL_STEPS;
            }
        }
        return new double[][] {uv, depth};
    }

    private double[] colors() {
        return FiniteDifferences.random(random, 3 * model.vertexCount(), 1);
    }

    private Fragments forwardFragments(double[] uv, double[] depth) {
        float[] s = new float[3 * depth.length];
        for (int i = 0; i < depth.length; i++) {
            s[3 * i] = (float) uv[2 * i];
            s[3 * i + 1] = (float) uv[2 * i + 1];
            s[3 * i + 2] = (float) depth[i];
        }
        return new ReferenceRasterizer(AFFINE).rasterize(s, model.triangles());
    }

    @Test
    void givenAView_whenRendered_thenTriangleIdsMaskAndDepthEqualTheForwardRasterizerBitForBit() {
        double[][] sc = screen(false);
        DifferentiableRenderer.View view = new DifferentiableRenderer(new ParallelRasterizer(AFFINE))
                .forward(sc[0], sc[1], colors(), model.triangles());
        Fragments expected = forwardFragments(sc[0], sc[1]);
        assertThat(view.fragments().sameAs(expected)).isTrue();
        float[] mask = VertexShading.mask(expected).data();
        for (int p = 0; p < mask.length; p++) {
            assertThat(view.covered(p) ? 1f : 0f).isEqualTo(mask[p]);
        }
        assertThat(expected.coveredPixelCount()).isGreaterThan(SIZE * SIZE / 4);
    }

    @Test
    void givenUnsnappedVertices_whenRendered_thenColoursDifferFromVertexShadingOnlyBySubpixelSnapping() {
        double[][] sc = screen(false);
        double[] colors = colors();
        DifferentiableRenderer.View view = new DifferentiableRenderer(new ParallelRasterizer(AFFINE))
                .forward(sc[0], sc[1], colors, model.triangles());
        float[] expected = VertexShading.rgb(forwardFragments(sc[0], sc[1]), model.triangles(),
                StageBackwardTest.toFloat(colors), new float[3]).data();
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(view.image()[i] - expected[i]));
        }
        // a corner moved by up to 1/512 px changes a barycentric by about that over the triangle's size (~1 px)
        assertThat(worst).isLessThan(2e-2);
    }

    @Test
    void givenVerticesOnTheSubpixelGrid_whenRendered_thenColoursEqualVertexShadingToFloatPrecision() {
        double[][] sc = screen(true);
        double[] colors = colors();
        DifferentiableRenderer.View view = new DifferentiableRenderer(new ParallelRasterizer(AFFINE))
                .forward(sc[0], sc[1], colors, model.triangles());
        float[] expected = VertexShading.rgb(forwardFragments(sc[0], sc[1]), model.triangles(),
                StageBackwardTest.toFloat(colors), new float[3]).data();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(view.image()[i] - expected[i])).as("pixel value %d", i).isLessThan(1e-5);
        }
    }

    @Test
    void givenAFixedTriangleAssignment_whenDifferentiated_thenBackwardMatchesFiniteDifferences() {
        double[][] sc = screen(false);
        double[] colors = colors();
        int[] tris = model.triangles();
        DifferentiableRenderer renderer = new DifferentiableRenderer(new ParallelRasterizer(AFFINE));
        DifferentiableRenderer.View view = renderer.forward(sc[0], sc[1], colors, tris);
        double[] gImage = FiniteDifferences.random(random, view.image().length, 1);
        double[] gUv = new double[sc[0].length];
        double[] gColors = new double[colors.length];
        renderer.backward(view, sc[0], colors, tris, gImage, gUv, gColors);
        double[] numericUv = gradient(uv -> {
            DifferentiableRenderer.View v = renderer.forward(uv, sc[1], colors, tris);
            assertThat(v.fragments().triangleIds()).as("a perturbation changed the triangle assignment")
                    .isEqualTo(view.fragments().triangleIds());
            return dot(gImage, v.image());
        }, sc[0], 1e-7);
        assertClose("uv", gUv, numericUv, 1e-5);
        double[] numericColors = gradient(c -> dot(gImage, renderer.forward(sc[0], sc[1], c, tris).image()), colors,
                1e-6);
        assertClose("colours", gColors, numericColors, 1e-6);
    }

    @Test
    void givenAPerspectiveCorrectRasterizer_whenBuilt_thenRejectedBecauseBarycentricsWouldDisagree() {
        assertThatThrownBy(() -> new DifferentiableRenderer(new ParallelRasterizer(AFFINE.withPerspectiveCorrect(true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perspectiveCorrect = false");
    }
}
