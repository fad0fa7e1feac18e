package org.dfmvr.loss;

import org.dfmvr.facemodel.MorphableModel;

/**
 * Stage 1: 3DMM decoding and its backward (reference §1.3): {@code shape = meanShape + B_id·id + B_exp·exp},
 * {@code albedo = meanAlbedo + B_tex·tex}, with the bases of a {@link MorphableModel} ([3V,K] row-major). Linear, so
 * the backward is the transposed basis. Holds copies of the model's arrays; immutable and thread-safe.
 */
final class FaceDecoder {
    private final float[] meanShape;
    private final float[] idBasis;
    private final float[] expBasis;
    private final float[] meanAlbedo;
    private final float[] texBasis;
    private final int idRank;
    private final int expRank;
    private final int texRank;

    FaceDecoder(MorphableModel model) {
        this.meanShape = model.meanShape();
        this.idBasis = model.identityBasis();
        this.expBasis = model.expressionBasis();
        this.meanAlbedo = model.meanAlbedo();
        this.texBasis = model.textureBasis();
        this.idRank = model.idRank();
        this.expRank = model.expRank();
        this.texRank = model.texRank();
    }

    int vertexCount() {
        return meanShape.length / 3;
    }

    /**
     * @param coeffs    the coefficient vector
     * @param idOffset  offset of the identity coefficients [idRank] in {@code coeffs}
     * @param expOffset offset of the expression coefficients [expRank]
     * @param out       [V,3] shape, model units
     */
    void shape(double[] coeffs, int idOffset, int expOffset, double[] out) {
        for (int r = 0; r < out.length; r++) {
            double s = meanShape[r];
            int o = r * idRank;
            for (int k = 0; k < idRank; k++) {
                s += idBasis[o + k] * coeffs[idOffset + k];
            }
            o = r * expRank;
            for (int k = 0; k < expRank; k++) {
                s += expBasis[o + k] * coeffs[expOffset + k];
            }
            out[r] = s;
        }
    }

    /** Adds B_id^T·gShape to grad[idOffset..] and B_exp^T·gShape to grad[expOffset..]; gShape is [V,3]. */
    void shapeBackward(double[] gShape, int idOffset, int expOffset, double[] grad) {
        for (int r = 0; r < gShape.length; r++) {
            double g = gShape[r];
            if (g == 0) {
                continue;
            }
            int o = r * idRank;
            for (int k = 0; k < idRank; k++) {
                grad[idOffset + k] += idBasis[o + k] * g;
            }
            o = r * expRank;
            for (int k = 0; k < expRank; k++) {
                grad[expOffset + k] += expBasis[o + k] * g;
            }
        }
    }

    /** Albedo [V,3], linear RGB (not clamped), from the texture coefficients [texRank] at {@code texOffset}. */
    void albedo(double[] coeffs, int texOffset, double[] out) {
        for (int r = 0; r < out.length; r++) {
            double s = meanAlbedo[r];
            int o = r * texRank;
            for (int k = 0; k < texRank; k++) {
                s += texBasis[o + k] * coeffs[texOffset + k];
            }
            out[r] = s;
        }
    }

    /** Adds B_tex^T·gAlbedo to grad[texOffset..]; gAlbedo is [V,3]. */
    void albedoBackward(double[] gAlbedo, int texOffset, double[] grad) {
        for (int r = 0; r < gAlbedo.length; r++) {
            double g = gAlbedo[r];
            if (g == 0) {
                continue;
            }
            int o = r * texRank;
            for (int k = 0; k < texRank; k++) {
                grad[texOffset + k] += texBasis[o + k] * g;
            }
        }
    }
}
