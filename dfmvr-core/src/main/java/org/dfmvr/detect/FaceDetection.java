package org.dfmvr.detect;

/**
 * One detected face.
 *
 * @param x        box left edge, pixels (x right, y down, origin at the top-left corner of the image)
 * @param y        box top edge, pixels
 * @param width    box width, pixels
 * @param height   box height, pixels
 * @param score    confidence in [0,1]
 * @param points5  [5,2] row-major pixels, in IMAGE order: the eye on the image's left (the subject's right eye), the
 *                 other eye, nose tip, the mouth corner on the image's left, the other mouth corner — the order of
 *                 {@link org.dfmvr.dataset.FivePointAlignment}
 */
public record FaceDetection(double x, double y, double width, double height, double score, double[] points5) {
    public FaceDetection {
        if (points5.length != 10) {
            throw new IllegalArgumentException("points5 must be [5,2], got " + points5.length + " values");
        }
    }

    /** The five points as {@code [5][2]}. */
    public double[][] fivePoints() {
        double[][] p = new double[5][2];
        for (int i = 0; i < 5; i++) {
            p[i][0] = points5[2 * i];
            p[i][1] = points5[2 * i + 1];
        }
        return p;
    }
}
