package org.dfmvr.loss;

import org.dfmvr.render.Fragments;
import org.dfmvr.render.Rasterizer;

/**
 * Stage 6: rendering with interior gradients (the notes' table; PyTorch3D with blur radius 0 and one face per pixel,
 * nvdiffrast without antialiasing, Laine et al. 2020 §3). The existing {@link Rasterizer} decides, per pixel, which
 * triangle is visible (not differentiated: piecewise constant); then the pixel centre's barycentrics are recomputed
 * in double as functions of the projected positions of that triangle's corners,
 * {@code l_k = cross(v_{k+1} - p, v_{k+2} - p) / cross(v_1 - v_0, v_2 - v_0)} (screen-space, affine: the rasterizer
 * must be built with {@code perspectiveCorrect = false}, so both agree), and the colour is
 * {@code Σ_k l_k · colour(v_k)}; empty pixels are black (DF-MVR's blend background), with mask 0.
 *
 * <p>The rasterizer snaps positions to 1/256 px; the recomputed barycentrics use the unsnapped positions, so the
 * colours differ from {@link org.dfmvr.render.VertexShading} by at most that snapping, while triangle ids and the mask
 * are the rasterizer's, bit for bit. Triangles whose projected doubled area is below {@link #MIN_DOUBLED_AREA}
 * pixels² are rendered with the rasterizer's barycentrics and pass no position gradient (counted in
 * {@link View#degeneratePixels()}).
 */
final class DifferentiableRenderer {
    /** Smallest |doubled signed area| in pixels² whose barycentrics are differentiated. */
    static final double MIN_DOUBLED_AREA = 1e-6;

    private final Rasterizer rasterizer;

    DifferentiableRenderer(Rasterizer rasterizer) {
        if (rasterizer.settings().perspectiveCorrect()) {
            throw new IllegalArgumentException("the differentiable renderer uses screen-space (affine) barycentrics;"
                    + " expected a rasterizer with perspectiveCorrect = false, got " + rasterizer.settings());
        }
        this.rasterizer = rasterizer;
    }

    int width() {
        return rasterizer.settings().imageWidth();
    }

    int height() {
        return rasterizer.settings().imageHeight();
    }

    /**
     * One rendered view and what its backward needs.
     *
     * @param fragments        the rasterizer's output
     * @param barycentrics     [H·W,3] recomputed barycentrics (0 at empty pixels)
     * @param differentiable   [H·W] whether the pixel's barycentrics are differentiated
     * @param image            [H·W,3] rendered linear RGB, row-major pixels (row i, column j at i·W + j)
     * @param degeneratePixels covered pixels whose triangle was too thin to differentiate
     */
    record View(Fragments fragments, double[] barycentrics, boolean[] differentiable, double[] image,
                int degeneratePixels) {
        /** 1 where a triangle covers the pixel centre, else 0, [H·W]. */
        boolean covered(int p) {
            return fragments.triangleIds()[p] != Fragments.EMPTY;
        }
    }

    /**
     * @param uv        [V,2] pixel coordinates (x right, y down, pixel centres at +0.5)
     * @param depth     [V] camera depth, model units (z-buffer only)
     * @param colors    [V,3] per-vertex colour
     * @param triangles [T,3] 0-based
     */
    View forward(double[] uv, double[] depth, double[] colors, int[] triangles) {
        int v = depth.length;
        float[] screen = new float[3 * v];
        for (int i = 0; i < v; i++) {
            screen[3 * i] = finite(uv[2 * i]);
            screen[3 * i + 1] = finite(uv[2 * i + 1]);
            screen[3 * i + 2] = finite(depth[i]);
        }
        Fragments fr = rasterizer.rasterize(screen, triangles);
        int w = fr.imageWidth();
        int n = fr.pixelCount();
        int[] ids = fr.triangleIds();
        float[] stored = fr.barycentrics();
        double[] bary = new double[3 * n];
        boolean[] diff = new boolean[n];
        double[] image = new double[3 * n];
        int degenerate = 0;
        for (int p = 0; p < n; p++) {
            int t = ids[p];
            if (t == Fragments.EMPTY) {
                continue;
            }
            int a = triangles[3 * t], b = triangles[3 * t + 1], c = triangles[3 * t + 2];
            double px = p % w + 0.5, py = p / w + 0.5;
            double ax = uv[2 * a] - px, ay = uv[2 * a + 1] - py, bx = uv[2 * b] - px, by = uv[2 * b + 1] - py;
            double cx = uv[2 * c] - px, cy = uv[2 * c + 1] - py;
            double n0 = bx * cy - by * cx, n1 = cx * ay - cy * ax, n2 = ax * by - ay * bx;
            double area = n0 + n1 + n2;
            if (Math.abs(area) < MIN_DOUBLED_AREA) {
                degenerate++;
                bary[3 * p] = stored[3 * p];
                bary[3 * p + 1] = stored[3 * p + 1];
                bary[3 * p + 2] = stored[3 * p + 2];
            } else {
                diff[p] = true;
                bary[3 * p] = n0 / area;
                bary[3 * p + 1] = n1 / area;
                bary[3 * p + 2] = n2 / area;
            }
            for (int ch = 0; ch < 3; ch++) {
                image[3 * p + ch] = bary[3 * p] * colors[3 * a + ch] + bary[3 * p + 1] * colors[3 * b + ch]
                        + bary[3 * p + 2] * colors[3 * c + ch];
            }
        }
        return new View(fr, bary, diff, image, degenerate);
    }

    /**
     * A vertex at the camera plane projects to infinity: send it outside the guard band (its triangles are dropped,
     * see {@link Rasterizer}) instead of handing the rasterizer a non-finite coordinate.
     */
    private static float finite(double x) {
        return Double.isNaN(x) ? Float.MAX_VALUE : (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, x));
    }

    /**
     * Accumulates into gUv [V,2] and gColors [V,3] the gradient given gImage [H·W,3].
     */
    void backward(View view, double[] uv, double[] colors, int[] triangles, double[] gImage, double[] gUv,
                  double[] gColors) {
        int[] ids = view.fragments().triangleIds();
        int w = view.fragments().imageWidth();
        double[] bary = view.barycentrics();
        for (int p = 0; p < ids.length; p++) {
            int t = ids[p];
            if (t == Fragments.EMPTY) {
                continue;
            }
            double gr = gImage[3 * p], gg = gImage[3 * p + 1], gb = gImage[3 * p + 2];
            if (gr == 0 && gg == 0 && gb == 0) {
                continue;
            }
            int[] corner = {triangles[3 * t], triangles[3 * t + 1], triangles[3 * t + 2]};
            double[] gl = new double[3];
            for (int k = 0; k < 3; k++) {
                int v = 3 * corner[k];
                double l = bary[3 * p + k];
                gColors[v] += l * gr;
                gColors[v + 1] += l * gg;
                gColors[v + 2] += l * gb;
                gl[k] = gr * colors[v] + gg * colors[v + 1] + gb * colors[v + 2];
            }
            if (!view.differentiable()[p]) {
                continue;
            }
            double px = p % w + 0.5, py = p / w + 0.5;
            int a = corner[0], b = corner[1], c = corner[2];
            double ax = uv[2 * a] - px, ay = uv[2 * a + 1] - py, bx = uv[2 * b] - px, by = uv[2 * b + 1] - py;
            double cx = uv[2 * c] - px, cy = uv[2 * c + 1] - py;
            double area = (bx * cy - by * cx) + (cx * ay - cy * ax) + (ax * by - ay * bx);
            // l_k = n_k / A with A = n0 + n1 + n2: dL/dn_k = (gl_k - Σ_j gl_j l_j) / A
            double mean = gl[0] * bary[3 * p] + gl[1] * bary[3 * p + 1] + gl[2] * bary[3 * p + 2];
            double g0 = (gl[0] - mean) / area, g1 = (gl[1] - mean) / area, g2 = (gl[2] - mean) / area;
            // n0 = cross(b, c), n1 = cross(c, a), n2 = cross(a, b) with cross(u, v) = ux·vy - uy·vx
            gUv[2 * b] += g0 * cy - g2 * ay;
            gUv[2 * b + 1] += -g0 * cx + g2 * ax;
            gUv[2 * c] += -g0 * by + g1 * ay;
            gUv[2 * c + 1] += g0 * bx - g1 * ax;
            gUv[2 * a] += -g1 * cy + g2 * by;
            gUv[2 * a + 1] += g1 * cx - g2 * bx;
        }
    }
}
