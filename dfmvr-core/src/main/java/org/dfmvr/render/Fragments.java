package org.dfmvr.render;

import java.util.Arrays;

/**
 * What a {@link Rasterizer} hands to shading: for every pixel, the nearest triangle and where in it the pixel centre
 * lies (PyTorch3D's {@code Fragments} with {@code faces_per_pixel = 1}). Pixel (row i, column j) is at flat index
 * {@code p = i * imageWidth + j}; its centre is (x, y) = (j + 0.5, i + 0.5) in pixels.
 *
 * @param imageHeight      H, pixels
 * @param imageWidth       W, pixels
 * @param triangleIds      [H,W] row-major, 0-based index of the visible triangle (a row of the triangles array the
 *                         rasterizer was given), or -1 where no triangle covers the pixel centre
 * @param barycentrics     [H,W,3] row-major, weights of the visible triangle's corners 0,1,2 at the pixel centre; each
 *                         in [0,1] with sum 1 (to float rounding); perspective-corrected when the settings asked for
 *                         it; all 0 at empty pixels
 * @param depth            [H,W] row-major, interpolated depth of the visible surface at the pixel centre, in the unit
 *                         of the depth column of the screen vertices; {@code +Infinity} at empty pixels
 * @param droppedTriangles number of triangles dropped whole because a vertex was at or in front of the near depth or
 *                         outside the guard band (see {@link Rasterizer}); culled and degenerate triangles not counted
 */
public record Fragments(int imageHeight, int imageWidth, int[] triangleIds, float[] barycentrics, float[] depth,
                        int droppedTriangles) {
    /** Triangle id of an empty pixel. */
    public static final int EMPTY = -1;

    public Fragments {
        if (imageHeight < 1 || imageWidth < 1) {
            throw new IllegalArgumentException("image size must be >= 1x1, got " + imageHeight + "x" + imageWidth);
        }
        int n = imageHeight * imageWidth;
        requireLength("triangleIds", triangleIds == null ? -1 : triangleIds.length, n);
        requireLength("barycentrics", barycentrics == null ? -1 : barycentrics.length, 3 * n);
        requireLength("depth", depth == null ? -1 : depth.length, n);
        if (droppedTriangles < 0) {
            throw new IllegalArgumentException("droppedTriangles must be >= 0, got " + droppedTriangles);
        }
    }

    /** H * W. */
    public int pixelCount() {
        return imageHeight * imageWidth;
    }

    /** Triangle id at row i, column j (0-based), or {@link #EMPTY}. */
    public int triangleId(int row, int column) {
        return triangleIds[row * imageWidth + column];
    }

    /** Number of pixels covered by some triangle. */
    public int coveredPixelCount() {
        int n = 0;
        for (int id : triangleIds) {
            if (id != EMPTY) {
                n++;
            }
        }
        return n;
    }

    /** Value equality over the array contents (records compare arrays by reference). */
    public boolean sameAs(Fragments o) {
        return imageHeight == o.imageHeight && imageWidth == o.imageWidth && droppedTriangles == o.droppedTriangles
                && Arrays.equals(triangleIds, o.triangleIds) && Arrays.equals(barycentrics, o.barycentrics)
                && Arrays.equals(depth, o.depth);
    }

    private static void requireLength(String what, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " must have " + expected + " values, got "
                    + (actual < 0 ? "null" : actual));
        }
    }
}
