package org.dfmvr.camera;

import java.util.Objects;

/**
 * One view's rigid model-to-world transform {@code p' = R p + t} (reference §1.3: each view has its own angles and
 * translation; shape, texture and lighting are shared).
 *
 * @param rotation the rotation R
 * @param tx       translation x, model units
 * @param ty       translation y, model units
 * @param tz       translation z, model units
 */
public record RigidPose(EulerRotation rotation, double tx, double ty, double tz) {
    public RigidPose {
        Objects.requireNonNull(rotation, "rotation");
        if (!Double.isFinite(tx) || !Double.isFinite(ty) || !Double.isFinite(tz)) {
            throw new IllegalArgumentException("translation must be finite, got (" + tx + ", " + ty + ", " + tz + ")");
        }
    }

    public static RigidPose identity() {
        return new RigidPose(EulerRotation.identity(), 0, 0, 0);
    }

    /** From a view's 3 rotation angles (radians) and 3 translation components (model units). */
    public static RigidPose of(float[] angles, float[] translation) {
        if (translation.length != 3) {
            throw new IllegalArgumentException("translation needs 3 values (x, y, z), got " + translation.length);
        }
        return new RigidPose(EulerRotation.of(angles), translation[0], translation[1], translation[2]);
    }

    /** Transforms points [N,3] (model units, row-major) into {@code out} [N,3]; {@code out} may be {@code points}. */
    public void apply(float[] points, float[] out) {
        rotation.rotate(points, out);
        for (int i = 0; i < out.length; i += 3) {
            out[i] = (float) (out[i] + tx);
            out[i + 1] = (float) (out[i + 1] + ty);
            out[i + 2] = (float) (out[i + 2] + tz);
        }
    }

    /** Transformed copy of points [N,3]. */
    public float[] apply(float[] points) {
        float[] out = new float[points.length];
        apply(points, out);
        return out;
    }

    /** Rotates direction vectors such as normals [N,3] (no translation) into {@code out}. */
    public void applyToDirections(float[] directions, float[] out) {
        rotation.rotate(directions, out);
    }
}
