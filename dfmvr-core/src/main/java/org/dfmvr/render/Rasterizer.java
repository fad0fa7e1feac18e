package org.dfmvr.render;

/**
 * Turns triangles already projected to screen space into {@link Fragments}: a z-buffer with, per pixel, the nearest
 * triangle covering the pixel centre and the barycentrics of that centre.
 *
 * <p>The contract every implementation follows, so that they agree exactly (the {@link ReferenceRasterizer} is the
 * test oracle of the fast ones, as in PyTorch3D's tests/test_rasterize_meshes.py):
 * <ul>
 *   <li>Screen vertices are [V,3] row-major: pixel x (right), pixel y (down), depth (smaller = nearer, e.g. camera-space
 *       distance along the view axis). Pixel (i, j) is sampled at its centre (j + 0.5, i + 0.5).</li>
 *   <li>x and y are snapped to a grid of 1/{@value #SUBPIXEL_STEPS} pixel (round half to even), as GPUs do; coverage and
 *       barycentrics are computed exactly from the snapped positions (fixed point; the edge functions fit 50 bits).</li>
 *   <li>A pixel centre is covered when it is strictly inside the triangle or on an edge that is a top or left edge
 *       (the Direct3D / OpenGL top-left fill rule): two triangles sharing an edge cover every pixel along it exactly
 *       once, with no cracks and no double coverage.</li>
 *   <li>Triangles with any vertex at depth &lt;= {@link RasterSettings#nearDepth()}, or with |x| or |y| of any vertex
 *       above {@value #GUARD_BAND_PIXELS} pixels, are dropped whole and counted in
 *       {@link Fragments#droppedTriangles()}. Zero-area triangles (after snapping) cover nothing. With
 *       {@link RasterSettings#cullBackFaces()} triangles that are clockwise as displayed are dropped too.</li>
 *   <li>Depth test: a fragment replaces the stored one when its depth (as a float) is strictly smaller; at equal depth
 *       the lower triangle id wins. The output is therefore independent of thread count and scheduling.</li>
 * </ul>
 * Non-finite coordinates or out-of-range triangle indices are caller mistakes and raise
 * {@link IllegalArgumentException}.
 */
public interface Rasterizer {
    /** Sub-pixel grid steps per pixel that x and y are snapped to. */
    int SUBPIXEL_STEPS = 256;
    /** Largest |x| or |y| of a vertex, pixels, for its triangle to be rasterized. */
    float GUARD_BAND_PIXELS = 32768f;

    /** The settings this rasterizer was built with. */
    RasterSettings settings();

    /**
     * Rasterizes one view.
     *
     * @param screenVertices [V,3] row-major: x, y in pixels (x right, y down, pixel centres at +0.5), depth
     * @param triangles      [T,3] row-major 0-based vertex indices
     * @return fragments of size {@link RasterSettings#imageHeight()} x {@link RasterSettings#imageWidth()}
     */
    Fragments rasterize(float[] screenVertices, int[] triangles);
}
