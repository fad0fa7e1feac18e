package org.dfmvr.geometry;

import java.util.Arrays;
import org.dfmvr.mesh.TriangleMesh;

/**
 * A 3D similarity transform {@code x -> scale * rotation * x + translation}.
 *
 * <p>The record does not know its frames; the variable holding it names them ({@code predictedToScan}).
 * {@link #followedBy} and {@link #inverse} keep that naming honest: {@code aToB.followedBy(bToC)} is {@code aToC},
 * {@code aToB.inverse()} is {@code bToA}.
 *
 * @param scale       isotropic scale, finite and &gt; 0
 * @param rotation    [3,3] row-major proper rotation (orthonormal, determinant +1, checked to 1e-6)
 * @param translation [3] x,y,z, in the target frame's unit
 */
public record SimilarityTransform(double scale, double[] rotation, double[] translation) {
    private static final double ORTHONORMAL_TOLERANCE = 1e-6;

    public SimilarityTransform {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        if (rotation == null || rotation.length != 9) {
            throw new IllegalArgumentException("rotation must be [3,3] = 9 values, got "
                    + (rotation == null ? "null" : rotation.length));
        }
        if (translation == null || translation.length != 3) {
            throw new IllegalArgumentException("translation must be [3] values, got "
                    + (translation == null ? "null" : translation.length));
        }
        rotation = rotation.clone();
        translation = translation.clone();
        for (double v : translation) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("translation must be finite, got " + Arrays.toString(translation));
            }
        }
        checkProperRotation(rotation);
    }

    /** The identity transform (scale 1, no rotation, no translation). */
    public static SimilarityTransform identity() {
        return new SimilarityTransform(1, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]);
    }

    /** A rigid transform (scale 1). */
    public static SimilarityTransform rigid(double[] rotation, double[] translation) {
        return new SimilarityTransform(1, rotation, translation);
    }

    /** [3,3] row-major rotation, a copy. */
    @Override
    public double[] rotation() {
        return rotation.clone();
    }

    /** [3] translation, a copy. */
    @Override
    public double[] translation() {
        return translation.clone();
    }

    /**
     * Applies this transform to points.
     *
     * @param points [N,3] row-major, read
     * @param out    [N,3] row-major, written; may be {@code points} itself (in place)
     */
    public void apply(double[] points, double[] out) {
        checkSameLength(points.length, out.length);
        double[] r = rotation;
        for (int i = 0; i < points.length; i += 3) {
            double x = points[i], y = points[i + 1], z = points[i + 2];
            out[i] = scale * (r[0] * x + r[1] * y + r[2] * z) + translation[0];
            out[i + 1] = scale * (r[3] * x + r[4] * y + r[5] * z) + translation[1];
            out[i + 2] = scale * (r[6] * x + r[7] * y + r[8] * z) + translation[2];
        }
    }

    /** Applies this transform to [N,3] float points, returning new [N,3] double points. */
    public double[] apply(float[] points) {
        double[] out = new double[points.length];
        double[] r = rotation;
        for (int i = 0; i < points.length; i += 3) {
            double x = points[i], y = points[i + 1], z = points[i + 2];
            out[i] = scale * (r[0] * x + r[1] * y + r[2] * z) + translation[0];
            out[i + 1] = scale * (r[3] * x + r[4] * y + r[5] * z) + translation[1];
            out[i + 2] = scale * (r[6] * x + r[7] * y + r[8] * z) + translation[2];
        }
        return out;
    }

    /** Applies this transform to [N,3] points, returning new [N,3] points. */
    public double[] apply(double[] points) {
        double[] out = new double[points.length];
        apply(points, out);
        return out;
    }

    /** The mesh with its positions transformed (float precision), same triangles and colours. */
    public TriangleMesh apply(TriangleMesh mesh) {
        double[] moved = apply(mesh.positions());
        float[] positions = new float[moved.length];
        for (int i = 0; i < moved.length; i++) {
            positions[i] = (float) moved[i];
        }
        return new TriangleMesh(positions, mesh.triangles(), mesh.colors());
    }

    /** {@code next} after {@code this}: for {@code this = aToB} and {@code next = bToC} returns {@code aToC}. */
    public SimilarityTransform followedBy(SimilarityTransform next) {
        double[] r = multiply(next.rotation, rotation);
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            t[i] = next.scale * (next.rotation[3 * i] * translation[0] + next.rotation[3 * i + 1] * translation[1]
                    + next.rotation[3 * i + 2] * translation[2]) + next.translation[i];
        }
        return new SimilarityTransform(next.scale * scale, orthonormalised(r), t);
    }

    /** The inverse: for {@code this = aToB} returns {@code bToA}. */
    public SimilarityTransform inverse() {
        double[] rt = transpose(rotation);
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            t[i] = -(rt[3 * i] * translation[0] + rt[3 * i + 1] * translation[1] + rt[3 * i + 2] * translation[2])
                    / scale;
        }
        return new SimilarityTransform(1 / scale, rt, t);
    }

    /** Angle of the rotation in radians, in [0, pi]. */
    public double rotationAngle() {
        double c = (rotation[0] + rotation[4] + rotation[8] - 1) / 2;
        return Math.acos(Math.max(-1, Math.min(1, c)));
    }

    /**
     * Rotation by {@code |axisAngle|} radians about {@code axisAngle / |axisAngle|} (Rodrigues' formula).
     *
     * @param axisAngle [3] rotation vector, radians
     * @return [3,3] row-major rotation
     */
    public static double[] rotationFromAxisAngle(double[] axisAngle) {
        double theta = Math.sqrt(axisAngle[0] * axisAngle[0] + axisAngle[1] * axisAngle[1]
                + axisAngle[2] * axisAngle[2]);
        if (theta < 1e-300) {
            return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        }
        double kx = axisAngle[0] / theta, ky = axisAngle[1] / theta, kz = axisAngle[2] / theta;
        double c = Math.cos(theta), s = Math.sin(theta), v = 1 - c;
        return new double[] {
            c + kx * kx * v, kx * ky * v - kz * s, kx * kz * v + ky * s,
            ky * kx * v + kz * s, c + ky * ky * v, ky * kz * v - kx * s,
            kz * kx * v - ky * s, kz * ky * v + kx * s, c + kz * kz * v};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimilarityTransform other && scale == other.scale
                && Arrays.equals(rotation, other.rotation) && Arrays.equals(translation, other.translation);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(scale) + Arrays.hashCode(rotation)) + Arrays.hashCode(translation);
    }

    @Override
    public String toString() {
        return "SimilarityTransform[scale=" + scale + ", rotation=" + Arrays.toString(rotation) + ", translation="
                + Arrays.toString(translation) + "]";
    }

    static double[] multiply(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return c;
    }

    static double[] transpose(double[] a) {
        return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
    }

    static double determinant(double[] a) {
        return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
                + a[2] * (a[3] * a[7] - a[4] * a[6]);
    }

    /** Gram-Schmidt on the rows, so long chains of compositions do not drift off SO(3). */
    private static double[] orthonormalised(double[] r) {
        double[] o = r.clone();
        normaliseRow(o, 0);
        double d = o[0] * o[3] + o[1] * o[4] + o[2] * o[5];
        o[3] -= d * o[0];
        o[4] -= d * o[1];
        o[5] -= d * o[2];
        normaliseRow(o, 3);
        o[6] = o[1] * o[5] - o[2] * o[4];
        o[7] = o[2] * o[3] - o[0] * o[5];
        o[8] = o[0] * o[4] - o[1] * o[3];
        return o;
    }

    private static void normaliseRow(double[] m, int o) {
        double len = Math.sqrt(m[o] * m[o] + m[o + 1] * m[o + 1] + m[o + 2] * m[o + 2]);
        m[o] /= len;
        m[o + 1] /= len;
        m[o + 2] /= len;
    }

    private static void checkProperRotation(double[] r) {
        double[] rrt = multiply(r, transpose(r));
        for (int i = 0; i < 9; i++) {
            double expected = i % 4 == 0 ? 1 : 0;
            if (!(Math.abs(rrt[i] - expected) <= ORTHONORMAL_TOLERANCE)) {
                throw new IllegalArgumentException("rotation must be orthonormal (R R^T = I within "
                        + ORTHONORMAL_TOLERANCE + "), got " + Arrays.toString(r));
            }
        }
        double det = determinant(r);
        if (!(Math.abs(det - 1) <= ORTHONORMAL_TOLERANCE)) {
            throw new IllegalArgumentException("rotation must have determinant +1 (no reflection), got " + det);
        }
    }

    private static void checkSameLength(int in, int out) {
        if (in % 3 != 0) {
            throw new IllegalArgumentException("points must be [N,3], got length " + in);
        }
        if (out != in) {
            throw new IllegalArgumentException("out must have the points' length " + in + ", got " + out);
        }
    }
}
