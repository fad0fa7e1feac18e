package org.dfmvr.render;

/**
 * Settings of a rasterizer, validated at construction (PyTorch3D {@code RasterizationSettings} in spirit).
 *
 * @param imageHeight        H, rows of the output, pixels; 1..{@value #MAX_IMAGE_SIDE}
 * @param imageWidth         W, columns of the output, pixels; 1..{@value #MAX_IMAGE_SIDE}
 * @param cullBackFaces      when true, triangles that appear clockwise on screen (x right, y down, as displayed) are
 *                           dropped; a mesh that is counter-clockwise seen from outside shows its outside
 *                           counter-clockwise under a non-mirroring projection, so this drops the far side of a closed
 *                           surface. Degenerate (zero screen area) triangles cover no pixel either way.
 * @param nearDepth          triangles with any vertex at depth &lt;= nearDepth are dropped whole (not clipped): their
 *                           screen positions are meaningless once a vertex is at or behind the camera; same unit as
 *                           the depth column of the screen vertices; finite and &gt; 0 (it is also what keeps depth
 *                           positive for perspective-correct interpolation)
 * @param perspectiveCorrect when true the depth column is taken as camera-space distance, barycentrics are corrected
 *                           for perspective ({@code b_k/z_k / sum_j b_j/z_j}) and depth is interpolated as
 *                           {@code 1 / sum_k b_k/z_k}; when false (orthographic projection, or depth already in a
 *                           screen-linear space) barycentrics are the screen-space ones and depth is
 *                           {@code sum_k b_k z_k}. PyTorch3D's default for perspective cameras is true.
 * @param threads            number of worker threads, 1..{@value #MAX_THREADS}; output does not depend on it
 */
public record RasterSettings(int imageHeight, int imageWidth, boolean cullBackFaces, float nearDepth,
                             boolean perspectiveCorrect, int threads) {
    /** Largest accepted image side, pixels; keeps fixed-point edge functions exact (see {@link Rasterizer}). */
    public static final int MAX_IMAGE_SIDE = 8192;
    /** Largest accepted thread count. */
    public static final int MAX_THREADS = 256;
    /** Default near depth: PyTorch3D's {@code znear} of DF-MVR's camera (0.01, same unit as depth). */
    public static final float DEFAULT_NEAR_DEPTH = 0.01f;

    public RasterSettings {
        requireRange("imageHeight", imageHeight, 1, MAX_IMAGE_SIDE);
        requireRange("imageWidth", imageWidth, 1, MAX_IMAGE_SIDE);
        requireRange("threads", threads, 1, MAX_THREADS);
        if (!(Float.isFinite(nearDepth) && nearDepth > 0)) {
            throw new IllegalArgumentException("nearDepth must be finite and > 0, got " + nearDepth);
        }
    }

    /**
     * Square image, back faces culled, near depth {@link #DEFAULT_NEAR_DEPTH}, perspective-correct, one thread per
     * available processor.
     */
    public static RasterSettings square(int imageSize) {
        return new RasterSettings(imageSize, imageSize, true, DEFAULT_NEAR_DEPTH, true,
                Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** These settings with another thread count. */
    public RasterSettings withThreads(int newThreads) {
        return new RasterSettings(imageHeight, imageWidth, cullBackFaces, nearDepth, perspectiveCorrect, newThreads);
    }

    /** These settings with back-face culling switched on or off. */
    public RasterSettings withCullBackFaces(boolean cull) {
        return new RasterSettings(imageHeight, imageWidth, cull, nearDepth, perspectiveCorrect, threads);
    }

    /** These settings with perspective-correct interpolation switched on or off. */
    public RasterSettings withPerspectiveCorrect(boolean correct) {
        return new RasterSettings(imageHeight, imageWidth, cullBackFaces, nearDepth, correct, threads);
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + "," + max + "], got " + value);
        }
    }
}
