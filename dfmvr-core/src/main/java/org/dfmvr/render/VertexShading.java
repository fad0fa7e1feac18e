package org.dfmvr.render;

/**
 * Per-vertex attributes into images through {@link Fragments}: the shading step after rasterization (PyTorch3D's
 * {@code TexturesVertex} sampling plus the alpha channel of its blending). Barycentrics are used as stored, so the
 * result is perspective-correct when the fragments are.
 */
public final class VertexShading {
    private VertexShading() {
    }

    /**
     * Barycentric interpolation of per-vertex values.
     *
     * @param triangles    [T,3] row-major 0-based vertex indices, the array the fragments were rasterized from
     * @param vertexValues [V,C] row-major values per vertex
     * @param channels     C
     * @param background   [C] value of empty pixels
     * @return [H,W,C] image
     */
    public static FloatImage interpolate(Fragments fragments, int[] triangles, float[] vertexValues, int channels,
                                         float[] background) {
        if (channels < 1 || vertexValues == null || vertexValues.length % channels != 0) {
            throw new IllegalArgumentException("vertexValues must be [V," + channels + "], got length "
                    + (vertexValues == null ? "null" : vertexValues.length));
        }
        if (background == null || background.length != channels) {
            throw new IllegalArgumentException("background must have " + channels + " values, got "
                    + (background == null ? "null" : background.length));
        }
        checkTriangles(fragments, triangles, vertexValues.length / channels);
        int n = fragments.pixelCount();
        float[] out = new float[n * channels];
        int[] ids = fragments.triangleIds();
        float[] bary = fragments.barycentrics();
        for (int p = 0; p < n; p++) {
            int f = ids[p];
            if (f == Fragments.EMPTY) {
                System.arraycopy(background, 0, out, p * channels, channels);
                continue;
            }
            float b0 = bary[3 * p], b1 = bary[3 * p + 1], b2 = bary[3 * p + 2];
            int v0 = triangles[3 * f] * channels, v1 = triangles[3 * f + 1] * channels;
            int v2 = triangles[3 * f + 2] * channels;
            for (int c = 0; c < channels; c++) {
                out[p * channels + c] = b0 * vertexValues[v0 + c] + b1 * vertexValues[v1 + c]
                        + b2 * vertexValues[v2 + c];
            }
        }
        return new FloatImage(fragments.imageHeight(), fragments.imageWidth(), channels, out);
    }

    /**
     * RGB image from per-vertex colours.
     *
     * @param colors     [V,3] row-major linear RGB in [0,1]
     * @param background [3] RGB of empty pixels
     * @return [H,W,3] image
     */
    public static FloatImage rgb(Fragments fragments, int[] triangles, float[] colors, float[] background) {
        return interpolate(fragments, triangles, colors, 3, background);
    }

    /** Alpha / face mask: [H,W,1], 1 where a triangle covers the pixel centre, 0 elsewhere. */
    public static FloatImage mask(Fragments fragments) {
        int[] ids = fragments.triangleIds();
        float[] out = new float[ids.length];
        for (int p = 0; p < ids.length; p++) {
            out[p] = ids[p] == Fragments.EMPTY ? 0f : 1f;
        }
        return new FloatImage(fragments.imageHeight(), fragments.imageWidth(), 1, out);
    }

    /**
     * Label per pixel from per-vertex labels: the label of the visible triangle's corner nearest to the pixel centre
     * (largest barycentric; on a tie the lower corner index), so labels are never blended.
     *
     * @param vertexLabels    [V] class label per vertex, &gt;= 0
     * @param backgroundLabel label of empty pixels, &gt;= 0
     */
    public static LabelMap labels(Fragments fragments, int[] triangles, int[] vertexLabels, int backgroundLabel) {
        if (vertexLabels == null) {
            throw new IllegalArgumentException("vertexLabels must be [V], got null");
        }
        checkTriangles(fragments, triangles, vertexLabels.length);
        int[] ids = fragments.triangleIds();
        float[] bary = fragments.barycentrics();
        int[] out = new int[ids.length];
        for (int p = 0; p < ids.length; p++) {
            int f = ids[p];
            if (f == Fragments.EMPTY) {
                out[p] = backgroundLabel;
                continue;
            }
            int corner = 0;
            for (int k = 1; k < 3; k++) {
                if (bary[3 * p + k] > bary[3 * p + corner]) {
                    corner = k;
                }
            }
            out[p] = vertexLabels[triangles[3 * f + corner]];
        }
        return new LabelMap(fragments.imageHeight(), fragments.imageWidth(), out);
    }

    /** Depth map [H,W,1] in the depth unit of the screen vertices, {@code background} at empty pixels. */
    public static FloatImage depth(Fragments fragments, float background) {
        float[] out = fragments.depth().clone();
        int[] ids = fragments.triangleIds();
        for (int p = 0; p < ids.length; p++) {
            if (ids[p] == Fragments.EMPTY) {
                out[p] = background;
            }
        }
        return new FloatImage(fragments.imageHeight(), fragments.imageWidth(), 1, out);
    }

    /** Every triangle id in the fragments must be a row of {@code triangles} whose vertices are below vertexCount. */
    private static void checkTriangles(Fragments fragments, int[] triangles, int vertexCount) {
        if (triangles == null || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("triangles must be [T,3], got length "
                    + (triangles == null ? "null" : triangles.length));
        }
        int t = triangles.length / 3;
        for (int id : fragments.triangleIds()) {
            if (id >= t) {
                throw new IllegalArgumentException("fragments refer to triangle " + id + " but triangles has only "
                        + t + " rows: not the triangles these fragments were rasterized from");
            }
        }
        for (int i = 0; i < triangles.length; i++) {
            if (triangles[i] < 0 || triangles[i] >= vertexCount) {
                throw new IllegalArgumentException("triangle index " + triangles[i] + " at [" + i / 3 + "," + i % 3
                        + "] is outside [0," + vertexCount + ") of the per-vertex values");
            }
        }
    }
}
