package org.dfmvr.loss;

import org.dfmvr.camera.PerspectiveCamera;

/**
 * Stage 5: perspective projection with {@link PerspectiveCamera} ({@code u = cx + f·x/d}, {@code v = cy - f·y/d},
 * {@code d = cameraDistance - z}; pixels, x right, y down) and its backward with respect to the camera-space points.
 */
final class ProjectionStage {
    private final double f;
    private final double cx;
    private final double cy;
    private final double distance;

    ProjectionStage(PerspectiveCamera camera) {
        this.f = camera.focalPx();
        this.cx = camera.cx();
        this.cy = camera.cy();
        this.distance = camera.cameraDistance();
    }

    /**
     * @param points [N,3] world points, model units
     * @param uv     out: [N,2] pixel coordinates
     * @param depth  out: [N] depth {@code d} in model units (may be null)
     */
    void forward(double[] points, double[] uv, double[] depth) {
        for (int i = 0, n = 0; i < points.length; i += 3, n++) {
            double d = distance - points[i + 2];
            uv[2 * n] = cx + f * points[i] / d;
            uv[2 * n + 1] = cy - f * points[i + 1] / d;
            if (depth != null) {
                depth[n] = d;
            }
        }
    }

    /** Accumulates into gPoints [N,3] the gradient given gUv [N,2]. */
    void backward(double[] points, double[] gUv, double[] gPoints) {
        for (int i = 0, n = 0; i < points.length; i += 3, n++) {
            double gu = gUv[2 * n], gv = gUv[2 * n + 1];
            if (gu == 0 && gv == 0) {
                continue;
            }
            double d = distance - points[i + 2];
            double k = f / d;
            gPoints[i] += gu * k;
            gPoints[i + 1] -= gv * k;
            gPoints[i + 2] += (gu * points[i] - gv * points[i + 1]) * k / d;
        }
    }
}
