package org.dfmvr.landmarks;

import org.dfmvr.landmarks.Landmarks68.PointStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides which of 68 detected points a landmark fit or loss may trust. The network has no confidence output (it
 * regresses 136 numbers and always returns a face-like shape), so the decision uses the geometry of the points.
 *
 * <p>The shape as a whole is <b>implausible</b> (no point trusted) when any of these holds:
 * <ol>
 *   <li>a coordinate is not finite;</li>
 *   <li>the face is collapsed or oversized: the distance from the eyes' midpoint to the mouth's centre is below
 *       {@code minFaceFraction} or above {@code maxFaceFraction} of the crop's larger side;</li>
 *   <li>the face is rolled beyond {@code maxRollDegrees} (the eyes-to-mouth direction against the image's down
 *       axis) or upside down;</li>
 *   <li>the parts are out of order along the face's down axis (brows, eyes, nose tip, mouth, chin) or mirrored (the
 *       image-left eye, points 36..41, is not on the image-left of the other eye, 42..47);</li>
 *   <li>the inner points (17..67) fit no affine image of a template face: residual RMS after the best affine map,
 *       in units of the template's RMS size, above {@code maxShapeResidual}. The template is the ICT-FaceKit
 *       neutral face's 68 landmark vertices seen from the front (MIT, github.com/ICT-VGL/ICT-FaceKit); an affine map
 *       absorbs scale, roll and the foreshortening of a turned head, so real faces score 0.05-0.3 and shuffled or
 *       random points about 1.</li>
 * </ol>
 * Of a plausible shape, a point is set aside when
 * <ul>
 *   <li>it lies outside the crop by more than {@code outsideMarginPx} ({@link PointStatus#OUTSIDE_CROP}): the
 *       network saw nothing there;</li>
 *   <li>the face is turned ({@code |yawAsymmetry| >= farSideAsymmetry}) and the point is on the far side's jaw
 *       contour, points 0..6 or 10..16 ({@link PointStatus#FAR_SIDE_CONTOUR}): the network places those on the
 *       visible silhouette, which is not the jaw line a model's fixed landmark vertices project to. The yaw
 *       asymmetry compares the nose tip's distances to the two cheek contours (points 2 and 14) along the eye
 *       axis: {@code (dRight - dLeft) / (dRight + dLeft)}.</li>
 * </ul>
 * What it cannot see: a face-shaped but wrong answer (the network on a crop without a face, or a face it
 * misreads) passes; that is the face detector's and the robust fit's job.
 *
 * @param outsideMarginPx  how far outside the crop a point may lie and still be trusted, crop pixels, &gt;= 0
 * @param farSideAsymmetry |yaw asymmetry| from which the far side's jaw contour is set aside, in (0, 1]
 * @param maxShapeResidual largest affine shape residual of a plausible face, &gt; 0
 * @param maxRollDegrees   largest roll of a plausible face, degrees, in (0, 180)
 * @param minFaceFraction  smallest eyes-to-mouth distance as a fraction of the crop's larger side, &gt;= 0
 * @param maxFaceFraction  largest such fraction, &gt; minFaceFraction
 */
public record LandmarkPlausibility(double outsideMarginPx, double farSideAsymmetry, double maxShapeResidual,
                                   double maxRollDegrees, double minFaceFraction, double maxFaceFraction) {
    /** Template: ICT-FaceKit neutral mesh landmark vertices 0..67, x right and y down, centimetres. */
    private static final float[] TEMPLATE = {-7.355f, -2.009f, -7.268f, 0.177f, -6.930f, 2.129f, -6.549f, 4.024f,
            -5.716f, 6.154f, -4.295f, 7.875f, -3.043f, 8.580f, -1.529f, 8.926f, 0.008f, 9.235f, 1.545f, 8.926f,
            3.059f, 8.580f, 4.310f, 7.875f, 5.732f, 6.154f, 6.564f, 4.024f, 6.945f, 2.129f, 7.284f, 0.177f,
            7.371f, -2.009f, -5.808f, -3.531f, -4.925f, -4.309f, -3.785f, -4.587f, -2.407f, -4.524f, -1.164f,
            -4.241f, 1.180f, -4.241f, 2.422f, -4.524f, 3.801f, -4.587f, 4.940f, -4.309f, 5.823f, -3.531f, 0.008f,
            -2.073f, 0.008f, -0.967f, 0.008f, 0.056f, 0.008f, 1.262f, -1.245f, 2.812f, -0.595f, 2.805f, 0.008f,
            2.871f, 0.610f, 2.805f, 1.261f, 2.812f, -4.451f, -1.764f, -3.861f, -2.207f, -2.774f, -2.268f, -1.836f,
            -1.584f, -2.721f, -1.417f, -3.848f, -1.404f, 1.852f, -1.585f, 2.789f, -2.268f, 3.877f, -2.207f, 4.467f,
            -1.764f, 3.864f, -1.404f, 2.737f, -1.417f, -2.527f, 5.187f, -1.694f, 4.444f, -0.720f, 4.090f, 0.008f,
            4.150f, 0.736f, 4.090f, 1.710f, 4.444f, 2.543f, 5.187f, 1.809f, 5.724f, 1.042f, 5.970f, 0.008f,
            6.045f, -1.026f, 5.970f, -1.793f, 5.724f, -2.201f, 5.158f, -0.989f, 4.965f, 0.008f, 4.991f, 1.004f,
            4.965f, 2.217f, 5.158f, 1.077f, 5.047f, 0.008f, 5.067f, -1.061f, 5.047f};
    private static final int INNER_FROM = 17;
    private static final double[] INNER_TEMPLATE = normalisedInner(toDouble(TEMPLATE));

    public LandmarkPlausibility {
        if (!(outsideMarginPx >= 0)) {
            throw new IllegalArgumentException("outsideMarginPx must be >= 0, got " + outsideMarginPx);
        }
        if (!(farSideAsymmetry > 0 && farSideAsymmetry <= 1)) {
            throw new IllegalArgumentException("farSideAsymmetry must be in (0,1], got " + farSideAsymmetry);
        }
        if (!(maxShapeResidual > 0)) {
            throw new IllegalArgumentException("maxShapeResidual must be > 0, got " + maxShapeResidual);
        }
        if (!(maxRollDegrees > 0 && maxRollDegrees < 180)) {
            throw new IllegalArgumentException("maxRollDegrees must be in (0,180), got " + maxRollDegrees);
        }
        if (!(minFaceFraction >= 0 && maxFaceFraction > minFaceFraction)) {
            throw new IllegalArgumentException("need 0 <= minFaceFraction < maxFaceFraction, got " + minFaceFraction
                    + " and " + maxFaceFraction);
        }
    }

    /**
     * Margin 0 px; far side set aside from asymmetry 0.5 (about 30 degrees of yaw); residual 0.5; roll 60 degrees;
     * eyes-to-mouth between 0.08 and 1.0 of the crop side. Chosen on the rendered test crops (README of the test
     * resources): frontal faces keep all 68 points, the far jaw of faces turned 45-60 degrees (errors of 10-40 px
     * at 112 px) is set aside.
     */
    public static LandmarkPlausibility defaults() {
        return new LandmarkPlausibility(0, 0.5, 0.5, 60, 0.08, 1.0);
    }

    /**
     * Checks detected points of a crop.
     *
     * @param points [68,2] crop pixels (see {@link Landmarks68#points})
     */
    public Landmarks68 check(float[] points, int cropWidth, int cropHeight) {
        return check(points, 0, 0, cropWidth, cropHeight, Math.max(cropWidth, cropHeight));
    }

    /**
     * Checks detected points of a crop of which only a part shows the photo (a crop reaching beyond the photo's
     * edge): points outside {@code [visibleLeft, visibleRight] x [visibleTop, visibleBottom]} are set aside.
     *
     * @param points   [68,2] crop pixels
     * @param cropSide the crop's larger side, pixels (the face-size check's reference)
     */
    public Landmarks68 check(float[] points, double visibleLeft, double visibleTop, double visibleRight,
                             double visibleBottom, int cropSide) {
        if (points == null || points.length != 2 * Landmarks68.COUNT) {
            throw new IllegalArgumentException("expected [68,2] points, got "
                    + (points == null ? "null" : points.length + " values"));
        }
        PointStatus[] status = new PointStatus[Landmarks68.COUNT];
        for (float v : points) {
            if (!Float.isFinite(v)) {
                return rejected(points, status, "a coordinate is not finite", 0, Double.NaN);
            }
        }
        double[] p = toDouble(points);
        double[] eyeL = mean(p, 36, 42);
        double[] eyeR = mean(p, 42, 48);
        double[] eyes = {(eyeL[0] + eyeR[0]) / 2, (eyeL[1] + eyeR[1]) / 2};
        double[] mouth = mean(p, 48, 68);
        double downX = mouth[0] - eyes[0];
        double downY = mouth[1] - eyes[1];
        double faceLength = Math.hypot(downX, downY);
        int side = cropSide;
        double residual = shapeResidual(p);
        if (faceLength < minFaceFraction * side || faceLength > maxFaceFraction * side) {
            return rejected(points, status, String.format("eyes-to-mouth distance %.1f px is outside [%.2f, %.2f] "
                    + "of the crop side %d", faceLength, minFaceFraction, maxFaceFraction, side), 0, residual);
        }
        downX /= faceLength;
        downY /= faceLength;
        double roll = Math.toDegrees(Math.atan2(-downX, downY));
        if (Math.abs(roll) > maxRollDegrees) {
            return rejected(points, status, String.format("roll %.0f degrees beyond +-%.0f", roll, maxRollDegrees),
                    0, residual);
        }
        double[] along = {dot(mean(p, 17, 27), eyes, downX, downY), dot(eyeL, eyes, downX, downY),
                dot(point(p, 30), eyes, downX, downY), dot(mouth, eyes, downX, downY),
                dot(point(p, 8), eyes, downX, downY)};
        for (int i = 1; i < along.length; i++) {
            if (along[i] <= along[i - 1]) {
                return rejected(points, status, "parts out of order along the face (brows, eyes, nose tip, mouth, "
                        + "chin)", 0, residual);
            }
        }
        // the eye axis points from the image-left eye to the other; for an upright face it is +x
        double acrossX = eyeR[0] - eyeL[0];
        double acrossY = eyeR[1] - eyeL[1];
        if (acrossX * downY - acrossY * downX <= 0) {
            return rejected(points, status, "mirrored: the image-left eye (36..41) is not left of the other",
                    0, residual);
        }
        if (!(residual <= maxShapeResidual)) {
            return rejected(points, status, String.format("inner points fit no face: affine residual %.2f > %.2f",
                    residual, maxShapeResidual), 0, residual);
        }
        double norm = Math.hypot(acrossX, acrossY);
        double ux = acrossX / norm;
        double uy = acrossY / norm;
        double dLeft = (p[60] - p[4]) * ux + (p[61] - p[5]) * uy;
        double dRight = (p[28] - p[60]) * ux + (p[29] - p[61]) * uy;
        double asymmetry = (dRight - dLeft) / Math.max(1e-9, Math.abs(dRight) + Math.abs(dLeft));

        Arrays.fill(status, PointStatus.TRUSTED);
        if (Math.abs(asymmetry) >= farSideAsymmetry) {
            int from = asymmetry > 0 ? 0 : 10;
            for (int k = from; k < from + 7; k++) {
                status[k] = PointStatus.FAR_SIDE_CONTOUR;
            }
        }
        for (int k = 0; k < Landmarks68.COUNT; k++) {
            double x = p[2 * k];
            double y = p[2 * k + 1];
            if (x < visibleLeft - outsideMarginPx || y < visibleTop - outsideMarginPx
                    || x > visibleRight + outsideMarginPx || y > visibleBottom + outsideMarginPx) {
                status[k] = PointStatus.OUTSIDE_CROP;
            }
        }
        return new Landmarks68(points, status, true, describe(status), asymmetry, residual);
    }

    private static String describe(PointStatus[] status) {
        List<String> parts = new ArrayList<>();
        for (PointStatus s : List.of(PointStatus.FAR_SIDE_CONTOUR, PointStatus.OUTSIDE_CROP)) {
            List<Integer> ids = new ArrayList<>();
            for (int k = 0; k < status.length; k++) {
                if (status[k] == s) {
                    ids.add(k);
                }
            }
            if (!ids.isEmpty()) {
                parts.add(s.name().toLowerCase(java.util.Locale.ROOT) + " " + ids);
            }
        }
        return String.join("; ", parts);
    }

    private static Landmarks68 rejected(float[] points, PointStatus[] status, String reason, double asymmetry,
                                        double residual) {
        Arrays.fill(status, PointStatus.IMPLAUSIBLE_SHAPE);
        return new Landmarks68(points, status, false, reason, asymmetry, residual);
    }

    /** RMS residual of the best affine map from the (normalised) inner points onto the template's. */
    static double shapeResidual(double[] p) {
        double[] q = normalisedInner(p);
        if (q == null) {
            return Double.POSITIVE_INFINITY;
        }
        double[] t = INNER_TEMPLATE;
        int n = q.length / 2;
        // least squares t ~ q A (A 2x2): A = (q^T q)^-1 q^T t
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        double bxx = 0;
        double bxy = 0;
        double byx = 0;
        double byy = 0;
        for (int i = 0; i < n; i++) {
            double x = q[2 * i];
            double y = q[2 * i + 1];
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
            bxx += x * t[2 * i];
            bxy += x * t[2 * i + 1];
            byx += y * t[2 * i];
            byy += y * t[2 * i + 1];
        }
        double det = sxx * syy - sxy * sxy;
        if (!(Math.abs(det) > 1e-12 * n * n)) {
            return Double.POSITIVE_INFINITY;
        }
        double a00 = (syy * bxx - sxy * byx) / det;
        double a01 = (syy * bxy - sxy * byy) / det;
        double a10 = (sxx * byx - sxy * bxx) / det;
        double a11 = (sxx * byy - sxy * bxy) / det;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = q[2 * i];
            double y = q[2 * i + 1];
            double ex = t[2 * i] - (x * a00 + y * a10);
            double ey = t[2 * i + 1] - (x * a01 + y * a11);
            sum += ex * ex + ey * ey;
        }
        return Math.sqrt(sum / n);
    }

    /** Points 17..67 centred and scaled to unit RMS distance from their centroid; null when they coincide. */
    private static double[] normalisedInner(double[] p) {
        int n = Landmarks68.COUNT - INNER_FROM;
        double[] q = Arrays.copyOfRange(p, 2 * INNER_FROM, 2 * Landmarks68.COUNT);
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < n; i++) {
            cx += q[2 * i];
            cy += q[2 * i + 1];
        }
        cx /= n;
        cy /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            q[2 * i] -= cx;
            q[2 * i + 1] -= cy;
            ss += q[2 * i] * q[2 * i] + q[2 * i + 1] * q[2 * i + 1];
        }
        double rms = Math.sqrt(ss / n);
        if (!(rms > 1e-9)) {
            return null;
        }
        for (int i = 0; i < q.length; i++) {
            q[i] /= rms;
        }
        return q;
    }

    private static double[] mean(double[] p, int from, int to) {
        double x = 0;
        double y = 0;
        for (int k = from; k < to; k++) {
            x += p[2 * k];
            y += p[2 * k + 1];
        }
        return new double[]{x / (to - from), y / (to - from)};
    }

    private static double[] point(double[] p, int k) {
        return new double[]{p[2 * k], p[2 * k + 1]};
    }

    private static double dot(double[] a, double[] origin, double dx, double dy) {
        return (a[0] - origin[0]) * dx + (a[1] - origin[1]) * dy;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
