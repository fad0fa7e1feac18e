package org.dfmvr.render;

/** Boundary checks and the interpolation rule shared by every {@link Rasterizer}. */
final class ScreenInput {
    private ScreenInput() {
    }

    /**
     * Rejects caller mistakes: shapes that are not [V,3] / [T,3], non-finite coordinates, indices outside [0,V).
     *
     * @param screenVertices [V,3] row-major x, y (pixels), depth
     * @param triangles      [T,3] row-major 0-based vertex indices
     */
    static void check(float[] screenVertices, int[] triangles) {
        if (screenVertices == null || screenVertices.length % 3 != 0) {
            throw new IllegalArgumentException("screenVertices must be [V,3], got length "
                    + (screenVertices == null ? "null" : screenVertices.length));
        }
        if (triangles == null || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("triangles must be [T,3], got length "
                    + (triangles == null ? "null" : triangles.length));
        }
        for (int i = 0; i < screenVertices.length; i++) {
            if (!Float.isFinite(screenVertices[i])) {
                throw new IllegalArgumentException("screenVertices[" + i / 3 + "," + i % 3 + "] must be finite, got "
                        + screenVertices[i]);
            }
        }
        int v = screenVertices.length / 3;
        for (int i = 0; i < triangles.length; i++) {
            if (triangles[i] < 0 || triangles[i] >= v) {
                throw new IllegalArgumentException("triangle index " + triangles[i] + " at [" + i / 3 + "," + i % 3
                        + "] is outside [0," + v + ")");
            }
        }
    }

    /**
     * Turns screen-space barycentric weights into the stored barycentrics and returns the depth, the one rule all
     * rasterizers share (PyTorch3D rasterize_meshes, perspective_correct): screen-space barycentrics
     * {@code b_k = w_k / area}; with perspective correction {@code b'_k = (b_k/z_k) / sum_j (b_j/z_j)} and depth
     * {@code 1 / sum_j (b_j/z_j)}, otherwise {@code b'_k = b_k} and depth {@code sum_k b_k z_k}.
     *
     * @param w0   exact edge function opposite corner 0 (same sign and scale as {@code area})
     * @param area exact twice-signed-area of the triangle, &gt; 0 after orientation
     * @param out  receives b'_0, b'_1, b'_2 at {@code out[0..2]}
     * @return the interpolated depth, as a float
     */
    static float resolve(double w0, double w1, double w2, double area, float z0, float z1, float z2,
                         boolean perspectiveCorrect, float[] out) {
        // "+ 0.0" turns a -0.0 weight (an edge function that is exactly 0) into +0.0, so all rasterizers store
        // the same bits
        double b0 = (w0 + 0.0) / area, b1 = (w1 + 0.0) / area, b2 = (w2 + 0.0) / area;
        if (perspectiveCorrect) {
            double q0 = b0 / z0, q1 = b1 / z1, q2 = b2 / z2;
            double sum = q0 + q1 + q2;
            out[0] = (float) (q0 / sum);
            out[1] = (float) (q1 / sum);
            out[2] = (float) (q2 / sum);
            return (float) (1.0 / sum);
        }
        out[0] = (float) b0;
        out[1] = (float) b1;
        out[2] = (float) b2;
        return (float) (b0 * z0 + b1 * z1 + b2 * z2);
    }
}
