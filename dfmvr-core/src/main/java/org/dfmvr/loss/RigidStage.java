package org.dfmvr.loss;

/**
 * Stage 2: one view's rigid pose {@code p' = R p + t} with {@code R = Rz(z)·Ry(y)·Rx(x)} (the
 * {@link org.dfmvr.camera.EulerRotation} convention, reference §1.3), and its backward with respect to the points,
 * the three angles (radians) and the translation. Also rotates directions (normals) without translation.
 */
final class RigidStage {
    /** R [3,3] row-major. */
    final double[] r;
    /** dR/dx, dR/dy, dR/dz, each [3,3] row-major. */
    final double[][] dr;

    /** @param angles [3] x, y, z in radians at {@code offset} */
    RigidStage(double[] angles, int offset) {
        double[][] m = org.dfmvr.camera.EulerRotation.matrixAndDerivatives(angles[offset], angles[offset + 1],
                angles[offset + 2]);
        this.r = m[0];
        this.dr = new double[][] {m[1], m[2], m[3]};
    }

    /**
     * out = R·p + t for points [N,3].
     *
     * @param t           translation [3] at {@code tOffset} in model units, or null for directions
     */
    void forward(double[] points, double[] t, int tOffset, double[] out) {
        double tx = t == null ? 0 : t[tOffset], ty = t == null ? 0 : t[tOffset + 1];
        double tz = t == null ? 0 : t[tOffset + 2];
        for (int i = 0; i < points.length; i += 3) {
            double x = points[i], y = points[i + 1], z = points[i + 2];
            out[i] = r[0] * x + r[1] * y + r[2] * z + tx;
            out[i + 1] = r[3] * x + r[4] * y + r[5] * z + ty;
            out[i + 2] = r[6] * x + r[7] * y + r[8] * z + tz;
        }
    }

    /**
     * Backward of {@link #forward}: accumulates R^T·gOut into gPoints [N,3], the angle gradient into
     * grad[angleOffset..+3] and (when {@code translationOffset >= 0}) sum(gOut) into grad[translationOffset..+3].
     */
    void backward(double[] points, double[] gOut, double[] gPoints, double[] grad, int angleOffset,
                  int translationOffset) {
        double ga0 = 0, ga1 = 0, ga2 = 0, gt0 = 0, gt1 = 0, gt2 = 0;
        double[] d0 = dr[0], d1 = dr[1], d2 = dr[2];
        for (int i = 0; i < points.length; i += 3) {
            double gx = gOut[i], gy = gOut[i + 1], gz = gOut[i + 2];
            if (gx == 0 && gy == 0 && gz == 0) {
                continue;
            }
            double x = points[i], y = points[i + 1], z = points[i + 2];
            gPoints[i] += r[0] * gx + r[3] * gy + r[6] * gz;
            gPoints[i + 1] += r[1] * gx + r[4] * gy + r[7] * gz;
            gPoints[i + 2] += r[2] * gx + r[5] * gy + r[8] * gz;
            ga0 += dot(d0, x, y, z, gx, gy, gz);
            ga1 += dot(d1, x, y, z, gx, gy, gz);
            ga2 += dot(d2, x, y, z, gx, gy, gz);
            gt0 += gx;
            gt1 += gy;
            gt2 += gz;
        }
        grad[angleOffset] += ga0;
        grad[angleOffset + 1] += ga1;
        grad[angleOffset + 2] += ga2;
        if (translationOffset >= 0) {
            grad[translationOffset] += gt0;
            grad[translationOffset + 1] += gt1;
            grad[translationOffset + 2] += gt2;
        }
    }

    /** g · (M p) for a [3,3] matrix M. */
    private static double dot(double[] m, double x, double y, double z, double gx, double gy, double gz) {
        return gx * (m[0] * x + m[1] * y + m[2] * z) + gy * (m[3] * x + m[4] * y + m[5] * z)
                + gz * (m[6] * x + m[7] * y + m[8] * z);
    }

}
