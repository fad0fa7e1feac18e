package org.dfmvr.facemodel;

import java.util.Arrays;
import org.dfmvr.lighting.SphericalHarmonics;

/**
 * Where each group of coefficients lives in one flat multi-view coefficient vector, the output of the regression
 * network and the input of the renderer and losses.
 *
 * <p>Order: identity [idSize], expression [expSize], texture [texSize], SH lighting gamma [27] — all shared by the
 * views of one subject — then, per view v = 0..views-1, rotation angles [3] (radians, x,y,z, see
 * {@code org.dfmvr.camera.EulerRotation}) and translation [3] (model units). DF-MVR's heads give 80/64/80/27 shared
 * numbers and 6 per view (reference §1.2; Deep3DFace's single-view split is §3). The sizes come from the model
 * ({@link #forModel}); offsets are always computed here, never written as literals elsewhere.
 *
 * @param idSize  identity coefficients, &gt;= 1
 * @param expSize expression coefficients, &gt;= 0
 * @param texSize texture (albedo) coefficients, &gt;= 0
 * @param views   number of views sharing identity, expression, texture and lighting, &gt;= 1
 */
public record CoeffLayout(int idSize, int expSize, int texSize, int views) {
    /** SH lighting coefficients shared across views (9 per RGB channel). */
    public static final int GAMMA_SIZE = SphericalHarmonics.COEFFICIENT_COUNT;
    /** Rotation angles per view (x, y, z). */
    public static final int ROTATION_SIZE = 3;
    /** Translation per view (x, y, z). */
    public static final int TRANSLATION_SIZE = 3;
    /** Pose numbers per view: rotation then translation. */
    public static final int POSE_SIZE = ROTATION_SIZE + TRANSLATION_SIZE;

    public CoeffLayout {
        requireAtLeast("idSize", idSize, 1);
        requireAtLeast("expSize", expSize, 0);
        requireAtLeast("texSize", texSize, 0);
        requireAtLeast("views", views, 1);
    }

    /** The layout for {@code model}'s ranks and {@code views} views. */
    public static CoeffLayout forModel(MorphableModel model, int views) {
        return new CoeffLayout(model.idRank(), model.expRank(), model.texRank(), views);
    }

    public int idOffset() {
        return 0;
    }

    public int expOffset() {
        return idSize;
    }

    public int texOffset() {
        return idSize + expSize;
    }

    public int gammaOffset() {
        return idSize + expSize + texSize;
    }

    /** Number of coefficients shared by all views (id + exp + tex + gamma). */
    public int sharedSize() {
        return gammaOffset() + GAMMA_SIZE;
    }

    /** Offset of view {@code view}'s 3 rotation angles. */
    public int rotationOffset(int view) {
        checkView(view);
        return sharedSize() + view * POSE_SIZE;
    }

    /** Offset of view {@code view}'s 3 translation components. */
    public int translationOffset(int view) {
        return rotationOffset(view) + ROTATION_SIZE;
    }

    /** Total length of a coefficient vector. */
    public int size() {
        return sharedSize() + views * POSE_SIZE;
    }

    public float[] id(float[] coeffs) {
        return slice(coeffs, idOffset(), idSize);
    }

    public float[] exp(float[] coeffs) {
        return slice(coeffs, expOffset(), expSize);
    }

    public float[] tex(float[] coeffs) {
        return slice(coeffs, texOffset(), texSize);
    }

    /** The 27 SH coefficients [3 channels, 9], channel-major (R0..R8, G0..G8, B0..B8). */
    public float[] gamma(float[] coeffs) {
        return slice(coeffs, gammaOffset(), GAMMA_SIZE);
    }

    /** View {@code view}'s rotation angles (x, y, z) in radians. */
    public float[] rotation(float[] coeffs, int view) {
        return slice(coeffs, rotationOffset(view), ROTATION_SIZE);
    }

    /** View {@code view}'s translation (x, y, z) in model units. */
    public float[] translation(float[] coeffs, int view) {
        return slice(coeffs, translationOffset(view), TRANSLATION_SIZE);
    }

    private float[] slice(float[] coeffs, int from, int length) {
        if (coeffs.length != size()) {
            throw new IllegalArgumentException("coefficient vector must have " + size() + " values for " + this
                    + ", got " + coeffs.length);
        }
        return Arrays.copyOfRange(coeffs, from, from + length);
    }

    private void checkView(int view) {
        if (view < 0 || view >= views) {
            throw new IndexOutOfBoundsException("view must be in [0," + views + "), got " + view);
        }
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("CoeffLayout." + name + " must be >= " + min + ", got " + value);
        }
    }
}
