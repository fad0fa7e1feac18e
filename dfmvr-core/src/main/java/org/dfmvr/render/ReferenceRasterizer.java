package org.dfmvr.render;

import java.util.Arrays;

/**
 * The slow, obviously-correct rasterizer: for every pixel, every triangle, edge functions in double. It exists as the
 * test oracle of {@link ParallelRasterizer} (PyTorch3D keeps {@code rasterize_meshes_python} for the same purpose) and
 * for debugging; it costs O(H * W * T). Follows the {@link Rasterizer} contract; single-threaded, ignores
 * {@link RasterSettings#threads()}.
 *
 * <p>Exactness: snapped coordinates are multiples of 1/256 below 2^15 in magnitude, so every edge function here is
 * computed exactly in double, and equals the fixed-point value of the fast rasterizer divided by 256^2.
 */
public final class ReferenceRasterizer implements Rasterizer {
    private final RasterSettings settings;

    public ReferenceRasterizer(RasterSettings settings) {
        this.settings = settings;
    }

    @Override
    public RasterSettings settings() {
        return settings;
    }

    @Override
    public Fragments rasterize(float[] screenVertices, int[] triangles) {
        ScreenInput.check(screenVertices, triangles);
        int h = settings.imageHeight(), w = settings.imageWidth(), t = triangles.length / 3;
        boolean[] usable = new boolean[t];
        int dropped = 0;
        for (int f = 0; f < t; f++) {
            usable[f] = true;
            for (int k = 0; k < 3; k++) {
                int v = triangles[3 * f + k];
                float x = screenVertices[3 * v], y = screenVertices[3 * v + 1], z = screenVertices[3 * v + 2];
                if (z <= settings.nearDepth() || Math.abs(x) > GUARD_BAND_PIXELS || Math.abs(y) > GUARD_BAND_PIXELS) {
                    usable[f] = false;
                }
            }
            if (!usable[f]) {
                dropped++;
            }
        }
        int[] ids = new int[h * w];
        Arrays.fill(ids, Fragments.EMPTY);
        float[] bary = new float[3 * h * w];
        float[] depth = new float[h * w];
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        double[] x = new double[3], y = new double[3];
        float[] z = new float[3];
        float[] b = new float[3];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double px = j + 0.5, py = i + 0.5;
                int p = i * w + j;
                for (int f = 0; f < t; f++) {
                    if (!usable[f]) {
                        continue;
                    }
                    for (int k = 0; k < 3; k++) {
                        int v = triangles[3 * f + k];
                        x[k] = snap(screenVertices[3 * v]);
                        y[k] = snap(screenVertices[3 * v + 1]);
                        z[k] = screenVertices[3 * v + 2];
                    }
                    double area = edge(x[0], y[0], x[1], y[1], x[2], y[2]);
                    if (area == 0 || (settings.cullBackFaces() && area > 0)) {
                        continue;
                    }
                    double s = Math.signum(area);
                    // weight of corner k = edge function of the edge opposite k, oriented so that inside is positive
                    double w0 = s * edge(x[1], y[1], x[2], y[2], px, py);
                    double w1 = s * edge(x[2], y[2], x[0], y[0], px, py);
                    double w2 = s * edge(x[0], y[0], x[1], y[1], px, py);
                    if (!covers(w0, s * (x[2] - x[1]), s * (y[2] - y[1]))
                            || !covers(w1, s * (x[0] - x[2]), s * (y[0] - y[2]))
                            || !covers(w2, s * (x[1] - x[0]), s * (y[1] - y[0]))) {
                        continue;
                    }
                    float d = ScreenInput.resolve(w0, w1, w2, s * area, z[0], z[1], z[2],
                            settings.perspectiveCorrect(), b);
                    if (d < depth[p]) {
                        depth[p] = d;
                        ids[p] = f;
                        System.arraycopy(b, 0, bary, 3 * p, 3);
                    }
                }
            }
        }
        return new Fragments(h, w, ids, bary, depth, dropped);
    }

    /** x rounded (half to even) to the 1/256-pixel grid. */
    private static double snap(float x) {
        return Math.rint(x * (double) SUBPIXEL_STEPS) / SUBPIXEL_STEPS;
    }

    /** Edge function of a->b at p: (b - a) x (p - a), z component; positive inside a triangle oriented clockwise as
     * displayed (y down). */
    private static double edge(double ax, double ay, double bx, double by, double px, double py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }

    /**
     * Top-left rule for one edge with direction (dx, dy) in the inside-positive orientation: strictly inside, or on the
     * edge when it is a left edge (going up, dy &lt; 0) or a top edge (horizontal, going right).
     */
    private static boolean covers(double weight, double dx, double dy) {
        return weight > 0 || (weight == 0 && (dy < 0 || (dy == 0 && dx > 0)));
    }
}
