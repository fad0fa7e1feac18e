package org.dfmvr.landmarks;

import java.util.Arrays;

/**
 * 68 detected face landmarks and what a fit or a loss may trust of them.
 *
 * @param points        [68,2] x, y per point, pixels of the crop the network saw (x right, y down, origin at the
 *                      crop's top-left corner), iBUG/Multi-PIE 68 order
 * @param status        [68] per point: {@link PointStatus#TRUSTED} or why not
 * @param plausible     false when the shape as a whole failed a check ({@link #reason}); then no point is trusted
 * @param reason        why the shape is implausible, or which points were set aside and why ("" when all 68 are
 *                      trusted)
 * @param yawAsymmetry  the turn of the face seen in the points, in [-1, 1] for sane shapes: 0 frontal; &gt; 0 when
 *                      the image-left half of the face (points 0..7) is foreshortened, i.e. the far side;
 *                      &lt; 0 when the image-right half (9..16) is. About 0.3 at 15 degrees of yaw, 0.5-0.75 at
 *                      30-45, 0.75-1 at 55-60 on the test renders
 * @param shapeResidual RMS of the inner points (17..67) after the best affine map onto the template face, in units
 *                      of the template's RMS size (0 = the template's shape up to an affine map; 0.05-0.3 for real
 *                      faces, turns and expressions, about 1 for unrelated points)
 */
public record Landmarks68(float[] points, PointStatus[] status, boolean plausible, String reason,
                          double yawAsymmetry, double shapeResidual) {
    public static final int COUNT = 68;

    /** Why a point may or may not be used. */
    public enum PointStatus {
        TRUSTED,
        /** outside the crop: the network extrapolated it from the rest of the face */
        OUTSIDE_CROP,
        /** jaw contour on the far side of a turned face: the network puts it on the silhouette, not on the jaw */
        FAR_SIDE_CONTOUR,
        /** the shape as a whole failed a plausibility check */
        IMPLAUSIBLE_SHAPE
    }

    public Landmarks68 {
        if (points == null || points.length != 2 * COUNT || status == null || status.length != COUNT) {
            throw new IllegalArgumentException("landmarks need [68,2] points and [68] statuses");
        }
        points = points.clone();
        status = status.clone();
    }

    @Override
    public float[] points() {
        return points.clone();
    }

    @Override
    public PointStatus[] status() {
        return status.clone();
    }

    public boolean trusted(int k) {
        return status[k] == PointStatus.TRUSTED;
    }

    public int trustedCount() {
        int n = 0;
        for (PointStatus s : status) {
            n += s == PointStatus.TRUSTED ? 1 : 0;
        }
        return n;
    }

    /** [68] 1 for a trusted point, 0 otherwise: a per-point weight for a landmark fit or loss. */
    public float[] weights() {
        float[] w = new float[COUNT];
        for (int k = 0; k < COUNT; k++) {
            w[k] = trusted(k) ? 1f : 0f;
        }
        return w;
    }

    /** The points mapped to another frame: {@code p * scale + offset} (e.g. from a crop back to the photo). */
    public Landmarks68 transformed(double scale, double offsetX, double offsetY) {
        float[] out = new float[points.length];
        for (int k = 0; k < COUNT; k++) {
            out[2 * k] = (float) (points[2 * k] * scale + offsetX);
            out[2 * k + 1] = (float) (points[2 * k + 1] * scale + offsetY);
        }
        return new Landmarks68(out, status, plausible, reason, yawAsymmetry, shapeResidual);
    }

    @Override
    public String toString() {
        return "Landmarks68[plausible=" + plausible + ", trusted=" + trustedCount() + "/68, yawAsymmetry="
                + String.format("%.2f", yawAsymmetry) + ", shapeResidual=" + String.format("%.3f", shapeResidual)
                + (reason.isEmpty() ? "" : ", reason=" + reason) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Landmarks68 l && Arrays.equals(points, l.points) && Arrays.equals(status, l.status)
                && plausible == l.plausible && reason.equals(l.reason);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(points) * 31 + Arrays.hashCode(status);
    }
}
