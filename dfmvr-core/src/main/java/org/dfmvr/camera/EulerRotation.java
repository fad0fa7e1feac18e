package org.dfmvr.camera;

/**
 * A rotation given by three angles in radians, composed as {@code R = Rz(z) · Ry(y) · Rx(x)} with the standard
 * right-handed axis rotations, applied to column vectors ({@code p' = R p}). This is Deep3DFace's and DF-MVR's
 * {@code compute_rotation} (reference §1.3 and §3; their code multiplies row vectors by R transposed, the same map).
 *
 * @param x angle about the x axis (pitch), radians
 * @param y angle about the y axis (yaw), radians
 * @param z angle about the z axis (roll), radians
 */
public record EulerRotation(double x, double y, double z) {
    public EulerRotation {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("rotation angles must be finite radians, got (" + x + ", " + y + ", "
                    + z + ")");
        }
    }

    /** The identity rotation. */
    public static EulerRotation identity() {
        return new EulerRotation(0, 0, 0);
    }

    /** From 3 angles (x, y, z) in radians, e.g. a view's rotation slice of a coefficient vector. */
    public static EulerRotation of(float[] angles) {
        if (angles.length != 3) {
            throw new IllegalArgumentException("rotation needs 3 angles (x, y, z), got " + angles.length);
        }
        return new EulerRotation(angles[0], angles[1], angles[2]);
    }

    /** R = Rz · Ry · Rx as a [3,3] row-major matrix. */
    public double[] matrix() {
        double cx = Math.cos(x), sx = Math.sin(x);
        double cy = Math.cos(y), sy = Math.sin(y);
        double cz = Math.cos(z), sz = Math.sin(z);
        return new double[] {
            cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx,
            sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx,
            -sy, cy * sx, cy * cx
        };
    }

    /** Rotates vectors [N,3] (row-major) into {@code out} [N,3]; {@code out} may be {@code vectors}. */
    public void rotate(float[] vectors, float[] out) {
        if (vectors.length % 3 != 0 || out.length != vectors.length) {
            throw new IllegalArgumentException("vectors must be [N,3] and out the same length, got " + vectors.length
                    + " and " + out.length);
        }
        double[] r = matrix();
        for (int i = 0; i < vectors.length; i += 3) {
            double px = vectors[i], py = vectors[i + 1], pz = vectors[i + 2];
            out[i] = (float) (r[0] * px + r[1] * py + r[2] * pz);
            out[i + 1] = (float) (r[3] * px + r[4] * py + r[5] * pz);
            out[i + 2] = (float) (r[6] * px + r[7] * py + r[8] * pz);
        }
    }
}
