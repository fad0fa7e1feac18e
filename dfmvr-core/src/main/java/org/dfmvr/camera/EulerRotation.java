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

    /**
     * R = Rz(z) Ry(y) Rx(x) and its partial derivatives: {R, dR/dx, dR/dy, dR/dz}, each [3,3] row-major, for any
     * angles (non-finite ones give NaN entries rather than an exception, so a loss's non-finite guard reports them).
     * The analytic backward passes of the weak losses and the landmark fit use it.
     */
    public static double[][] matrixAndDerivatives(double x, double y, double z) {
        double cx = Math.cos(x), sx = Math.sin(x), cy = Math.cos(y), sy = Math.sin(y);
        double cz = Math.cos(z), sz = Math.sin(z);
        double[] rx = {1, 0, 0, 0, cx, -sx, 0, sx, cx};
        double[] ry = {cy, 0, sy, 0, 1, 0, -sy, 0, cy};
        double[] rz = {cz, -sz, 0, sz, cz, 0, 0, 0, 1};
        double[] drx = {0, 0, 0, 0, -sx, -cx, 0, cx, -sx};
        double[] dry = {-sy, 0, cy, 0, 0, 0, -cy, 0, -sy};
        double[] drz = {-sz, -cz, 0, cz, -sz, 0, 0, 0, 0};
        return new double[][] {times(rz, times(ry, rx)), times(rz, times(ry, drx)), times(rz, times(dry, rx)),
                times(drz, times(ry, rx))};
    }

    private static double[] times(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return c;
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
