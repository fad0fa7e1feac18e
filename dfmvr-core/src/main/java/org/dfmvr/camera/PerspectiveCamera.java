package org.dfmvr.camera;

import org.dfmvr.facemodel.LengthUnit;

/**
 * A pinhole camera on the +z axis looking towards -z, Deep3DFace's camera (reference §3): focal 1015 px for a
 * 224 px image, principal point at the image centre, camera at z = 10 in BFM's decimetres (1000 mm).
 *
 * <p>World points are in model units. Depth is {@code d = cameraDistance - z} (positive in front of the camera).
 * Pixel coordinates are continuous with the origin at the top-left corner of the image, x to the right and
 * <b>y down</b> (image rows), pixel (col i, row j) covering [i,i+1) x [j,j+1):
 * {@code u = cx + f·x/d}, {@code v = cy - f·y/d}. (Deep3DFace computes {@code cy + f·y/d} in a y-up image and flips
 * its landmarks instead; DF-MVR's PyTorch3D screen space is y-down like ours, reference §1.4.)
 *
 * @param width          image width, pixels, &gt;= 1
 * @param height         image height, pixels, &gt;= 1
 * @param focalPx        focal length, pixels, &gt; 0
 * @param cx             principal point x, pixels
 * @param cy             principal point y, pixels (y down)
 * @param cameraDistance camera position on +z, model units, &gt; 0
 */
public record PerspectiveCamera(int width, int height, double focalPx, double cx, double cy, double cameraDistance) {
    /** Deep3DFace's focal length in pixels for its 224 px image. */
    public static final double DEEP3D_FOCAL_PX = 1015.0;
    /** Deep3DFace's image size in pixels. */
    public static final int DEEP3D_IMAGE_SIZE = 224;
    /** Deep3DFace's camera distance, 10 dm, in millimetres. */
    public static final double DEEP3D_CAMERA_DISTANCE_MM = 1000.0;

    public PerspectiveCamera {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be >= 1 px, got " + width + "x" + height);
        }
        if (!(focalPx > 0) || !Double.isFinite(focalPx)) {
            throw new IllegalArgumentException("focalPx must be a finite number > 0, got " + focalPx);
        }
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
            throw new IllegalArgumentException("principal point must be finite, got (" + cx + ", " + cy + ")");
        }
        if (!(cameraDistance > 0) || !Double.isFinite(cameraDistance)) {
            throw new IllegalArgumentException("cameraDistance must be a finite number > 0, got " + cameraDistance);
        }
    }

    /**
     * Deep3DFace's camera for a square image of {@code imageSize} px and a model in {@code unit}: focal
     * 1015·imageSize/224 px, principal point (imageSize/2, imageSize/2), distance 1000 mm expressed in {@code unit}.
     */
    public static PerspectiveCamera deep3dFace(int imageSize, LengthUnit unit) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be >= 1 px, got " + imageSize);
        }
        double f = DEEP3D_FOCAL_PX * imageSize / DEEP3D_IMAGE_SIZE;
        return new PerspectiveCamera(imageSize, imageSize, f, imageSize / 2.0, imageSize / 2.0,
                DEEP3D_CAMERA_DISTANCE_MM / unit.millimetresPerUnit());
    }

    /** Vertical field of view in degrees, {@code 2·atan(height/2 / f)} (12.5936 for Deep3DFace). */
    public double verticalFovDegrees() {
        return Math.toDegrees(2 * Math.atan(height / 2.0 / focalPx));
    }

    /** Depth of a world point in front of the camera, model units: {@code cameraDistance - z}. */
    public double depth(double z) {
        return cameraDistance - z;
    }

    /**
     * Projects world points [N,3] (model units) to pixel coordinates [N,2] (x right, y down) in {@code outUv}.
     * A point at or behind the camera plane (depth &lt;= 0) gets NaN coordinates.
     */
    public void project(float[] points, float[] outUv) {
        if (points.length % 3 != 0 || outUv.length != points.length / 3 * 2) {
            throw new IllegalArgumentException("points must be [N,3] and outUv [N,2], got lengths " + points.length
                    + " and " + outUv.length);
        }
        for (int i = 0, j = 0; i < points.length; i += 3, j += 2) {
            double d = cameraDistance - points[i + 2];
            if (d <= 0) {
                outUv[j] = Float.NaN;
                outUv[j + 1] = Float.NaN;
            } else {
                outUv[j] = (float) (cx + focalPx * points[i] / d);
                outUv[j + 1] = (float) (cy - focalPx * points[i + 1] / d);
            }
        }
    }

    /**
     * Screen vertices for a {@code org.dfmvr.render.Rasterizer}: [N,3] row-major pixel x (right), pixel y (down) and
     * depth {@code cameraDistance - z} (model units), of world points [N,3] (model units).
     */
    public float[] screenVertices(float[] points) {
        float[] uv = project(points);
        int n = points.length / 3;
        float[] screen = new float[n * 3];
        for (int i = 0; i < n; i++) {
            screen[3 * i] = uv[2 * i];
            screen[3 * i + 1] = uv[2 * i + 1];
            screen[3 * i + 2] = (float) depth(points[3 * i + 2]);
        }
        return screen;
    }

    /** Pixel coordinates [N,2] of world points [N,3]. */
    public float[] project(float[] points) {
        float[] uv = new float[points.length / 3 * 2];
        project(points, uv);
        return uv;
    }
}
