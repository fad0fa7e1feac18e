package org.dfmvr.render;

import org.dfmvr.camera.PerspectiveCamera;

import java.util.List;

/**
 * Bakes a UV texture of a mesh from photos of it (the multi-view texture of DF-MVR's output, paper §4.2's textured
 * results), in plain Java.
 *
 * <p>Per texel covered by a triangle in UV space, the surface point and its normal are interpolated with the texel
 * centre's barycentrics; in each view the point is projected with that view's camera, and it counts when the
 * view's depth buffer at that pixel is not nearer than the point by more than {@code depthTolerance} (the surface
 * is the visible one there). Its weight is {@code max(0, cos θ)^k}, θ the angle between the normal and the direction
 * from the point to the camera, so frontal views dominate and grazing ones, where a pixel smears over a large
 * surface area, fade out. The texel is the weighted mean of the views' bilinearly sampled colours; a texel no view
 * sees (sum of weights 0) takes the interpolated {@code fallbackColors} (in infer: the predicted albedo, unlit).
 * Texels outside every UV triangle are then filled from filled neighbours, {@value #DILATION_RINGS} rings deep, so a
 * viewer's bilinear filtering at triangle borders does not pull in black; the rest stay black.
 *
 * <p>Texture coordinates: u right, v up, in [0,1] (OBJ {@code vt}); texel (row r, column c) has its centre at
 * u = (c + 0.5) / size, v = 1 - (r + 0.5) / size, so row 0 of the image is the top (v = 1).
 */
public final class TextureBaker {
    /** How many rings of empty texels around the baked charts are filled from their neighbours. */
    public static final int DILATION_RINGS = 2;

    private TextureBaker() {
    }

    /**
     * @param size           texture side, texels, 1..{@link RasterSettings#MAX_IMAGE_SIDE}
     * @param angleExponent  k in {@code max(0, cos θ)^k}, &gt;= 0 (0 = every visible view weighs the same)
     * @param depthTolerance how far in front of the point the depth buffer may be and the point still count as
     *                       visible, in the depth unit of the views (model units), &gt; 0
     */
    public record Settings(int size, double angleExponent, float depthTolerance) {
        public Settings {
            if (size < 1 || size > RasterSettings.MAX_IMAGE_SIDE) {
                throw new IllegalArgumentException("texture size must be in [1," + RasterSettings.MAX_IMAGE_SIDE
                        + "] texels, got " + size);
            }
            if (!(angleExponent >= 0) || !Double.isFinite(angleExponent)) {
                throw new IllegalArgumentException("angleExponent must be a finite number >= 0, got "
                        + angleExponent);
            }
            if (!(depthTolerance > 0) || !Float.isFinite(depthTolerance)) {
                throw new IllegalArgumentException("depthTolerance must be a finite number > 0, got "
                        + depthTolerance);
            }
        }
    }

    /**
     * One input view.
     *
     * @param camera    the view's camera (camera at +z looking down -z)
     * @param positions [V,3] mesh vertices in this view's camera frame (posed), model units
     * @param normals   [V,3] vertex normals in the same frame (need not be unit length)
     * @param fragments the rasterized depth buffer of this view (of {@code camera.screenVertices(positions)}, or of
     *                  a scene holding more than the mesh: anything nearer occludes)
     * @param photo     [H,W,3] the view's image, RGB in [0,1], the camera's size
     */
    public record View(PerspectiveCamera camera, float[] positions, float[] normals, Fragments fragments,
                       FloatImage photo) {
        public View {
            if (photo.channels() != 3 || photo.width() != camera.width() || photo.height() != camera.height()
                    || fragments.imageWidth() != camera.width() || fragments.imageHeight() != camera.height()) {
                throw new IllegalArgumentException("photo (" + photo.width() + "x" + photo.height() + "x"
                        + photo.channels() + ") and fragments (" + fragments.imageWidth() + "x"
                        + fragments.imageHeight() + ") must be RGB images of the camera's size " + camera.width()
                        + "x" + camera.height());
            }
            if (positions.length != normals.length) {
                throw new IllegalArgumentException("positions and normals must both be [V,3], got lengths "
                        + positions.length + " and " + normals.length);
            }
        }
    }

    /**
     * A baked texture.
     *
     * @param uvs            [V,2] the texture coordinates it was baked for
     * @param image          [size,size,3] RGB in [0,1], row 0 = v 1
     * @param viewTexels     texels coloured from at least one view
     * @param fallbackTexels texels inside the UV charts no view saw (coloured from the fallback colours)
     */
    public record Baked(float[] uvs, FloatImage image, int viewTexels, int fallbackTexels) {
        /** Share of the charts' texels that some view saw, in [0,1] (NaN for an empty chart). */
        public double viewCoverage() {
            return (double) viewTexels / (viewTexels + fallbackTexels);
        }
    }

    /**
     * Bakes the texture of the mesh {@code triangles} with texture coordinates {@code uvs} [V,2] from {@code views}
     * (any number, zero included), falling back to {@code fallbackColors} [V,3] where no view sees the surface.
     */
    public static Baked bake(float[] uvs, int[] triangles, float[] fallbackColors, List<View> views, Settings s) {
        int v = uvs.length / 2;
        if (uvs.length != 2 * v || fallbackColors.length != 3 * v) {
            throw new IllegalArgumentException("uvs must be [V,2] and fallbackColors [V,3], got lengths " + uvs.length
                    + " and " + fallbackColors.length);
        }
        for (View view : views) {
            if (view.positions().length != 3 * v) {
                throw new IllegalArgumentException("view positions must be [V,3] with V = " + v + ", got length "
                        + view.positions().length);
            }
        }
        int size = s.size();
        float[] rgb = new float[size * size * 3];
        byte[] state = new byte[size * size]; // 0 empty, 1 from views, 2 fallback
        int fromViews = 0, fromFallback = 0;
        float[] colour = new float[3];
        for (int t = 0; t < triangles.length; t += 3) {
            int a = triangles[t], b = triangles[t + 1], c = triangles[t + 2];
            double ax = uvs[2 * a] * size, ay = (1 - uvs[2 * a + 1]) * size;
            double bx = uvs[2 * b] * size, by = (1 - uvs[2 * b + 1]) * size;
            double cx = uvs[2 * c] * size, cy = (1 - uvs[2 * c + 1]) * size;
            double area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
            if (area == 0) {
                continue;
            }
            int c0 = Math.max(0, (int) Math.floor(Math.min(ax, Math.min(bx, cx))));
            int c1 = Math.min(size - 1, (int) Math.ceil(Math.max(ax, Math.max(bx, cx))));
            int r0 = Math.max(0, (int) Math.floor(Math.min(ay, Math.min(by, cy))));
            int r1 = Math.min(size - 1, (int) Math.ceil(Math.max(ay, Math.max(by, cy))));
            for (int row = r0; row <= r1; row++) {
                for (int col = c0; col <= c1; col++) {
                    int texel = row * size + col;
                    if (state[texel] != 0) {
                        continue; // a shared edge's texel belongs to the first triangle that claimed it
                    }
                    double px = col + 0.5, py = row + 0.5;
                    double wa = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area;
                    double wb = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area;
                    double wc = 1 - wa - wb;
                    if (wa < 0 || wb < 0 || wc < 0) {
                        continue;
                    }
                    if (blend(views, a, b, c, (float) wa, (float) wb, (float) wc, s, colour)) {
                        state[texel] = 1;
                        fromViews++;
                    } else {
                        for (int k = 0; k < 3; k++) {
                            colour[k] = (float) (wa * fallbackColors[3 * a + k] + wb * fallbackColors[3 * b + k]
                                    + wc * fallbackColors[3 * c + k]);
                        }
                        state[texel] = 2;
                        fromFallback++;
                    }
                    System.arraycopy(colour, 0, rgb, 3 * texel, 3);
                }
            }
        }
        dilate(rgb, state, size);
        return new Baked(uvs.clone(), new FloatImage(size, size, 3, rgb), fromViews, fromFallback);
    }

    /** The weighted colour of one surface point over the views into {@code out}; false when no view sees it. */
    private static boolean blend(List<View> views, int a, int b, int c, float wa, float wb, float wc, Settings s,
                                 float[] out) {
        double sum = 0, r = 0, g = 0, bl = 0;
        for (View view : views) {
            float[] p = view.positions(), n = view.normals();
            double x = wa * p[3 * a] + wb * p[3 * b] + wc * p[3 * c];
            double y = wa * p[3 * a + 1] + wb * p[3 * b + 1] + wc * p[3 * c + 1];
            double z = wa * p[3 * a + 2] + wb * p[3 * b + 2] + wc * p[3 * c + 2];
            PerspectiveCamera cam = view.camera();
            double depth = cam.cameraDistance() - z;
            if (depth <= 0) {
                continue;
            }
            double u = cam.cx() + cam.focalPx() * x / depth, w = cam.cy() - cam.focalPx() * y / depth;
            int col = (int) Math.floor(u), row = (int) Math.floor(w);
            if (col < 0 || row < 0 || col >= cam.width() || row >= cam.height()) {
                continue;
            }
            float nearest = view.fragments().depth()[row * cam.width() + col];
            if (!(depth <= nearest + s.depthTolerance())) {
                continue; // occluded, or the depth buffer is empty there (the point is off the rendered surface)
            }
            double nx = wa * n[3 * a] + wb * n[3 * b] + wc * n[3 * c];
            double ny = wa * n[3 * a + 1] + wb * n[3 * b + 1] + wc * n[3 * c + 1];
            double nz = wa * n[3 * a + 2] + wb * n[3 * b + 2] + wc * n[3 * c + 2];
            double dx = -x, dy = -y, dz = cam.cameraDistance() - z;
            double cos = (nx * dx + ny * dy + nz * dz)
                    / Math.sqrt((nx * nx + ny * ny + nz * nz) * (dx * dx + dy * dy + dz * dz));
            if (!(cos > 0)) {
                continue;
            }
            double weight = Math.pow(cos, s.angleExponent());
            FloatImage photo = view.photo();
            r += weight * bilinear(photo, u, w, 0);
            g += weight * bilinear(photo, u, w, 1);
            bl += weight * bilinear(photo, u, w, 2);
            sum += weight;
        }
        if (sum <= 0) {
            return false;
        }
        out[0] = (float) (r / sum);
        out[1] = (float) (g / sum);
        out[2] = (float) (bl / sum);
        return true;
    }

    /** Bilinear sample at continuous pixel coordinates (pixel centres at +0.5), clamped at the border. */
    private static double bilinear(FloatImage img, double x, double y, int channel) {
        double fx = Math.max(0, Math.min(img.width() - 1, x - 0.5));
        double fy = Math.max(0, Math.min(img.height() - 1, y - 0.5));
        int x0 = (int) fx, y0 = (int) fy;
        int x1 = Math.min(img.width() - 1, x0 + 1), y1 = Math.min(img.height() - 1, y0 + 1);
        double tx = fx - x0, ty = fy - y0;
        return (1 - ty) * ((1 - tx) * img.get(y0, x0, channel) + tx * img.get(y0, x1, channel))
                + ty * ((1 - tx) * img.get(y1, x0, channel) + tx * img.get(y1, x1, channel));
    }

    /** Fills empty texels next to filled ones with their filled 4-neighbours' mean, {@value #DILATION_RINGS} times. */
    private static void dilate(float[] rgb, byte[] state, int size) {
        int[][] steps = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (int ring = 0; ring < DILATION_RINGS; ring++) {
            byte[] before = state.clone();
            for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                    int texel = row * size + col;
                    if (before[texel] != 0) {
                        continue;
                    }
                    int count = 0;
                    float[] mean = new float[3];
                    for (int[] d : steps) {
                        int r = row + d[0], c = col + d[1];
                        if (r >= 0 && c >= 0 && r < size && c < size && before[r * size + c] != 0) {
                            for (int k = 0; k < 3; k++) {
                                mean[k] += rgb[3 * (r * size + c) + k];
                            }
                            count++;
                        }
                    }
                    if (count > 0) {
                        for (int k = 0; k < 3; k++) {
                            rgb[3 * texel + k] = mean[k] / count;
                        }
                        state[texel] = 3;
                    }
                }
            }
        }
    }
}
