package org.dfmvr.loss;

import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.Umeyama;

/**
 * Stage 7: the loss terms (DF-MVR network/MVRnet.py model_fn, reference §1.3 and §1.5), each returning its value for
 * one example and adding {@code scale · dTerm/dInput} to a gradient array. L2 distances are not squared; their
 * derivative is taken as 0 where the distance is below {@link #TINY}.
 */
final class LossTerms {
    /** Distances below this are treated as 0 in derivatives (guards x/|x| at x = 0). */
    static final double TINY = 1e-12;
    /** 2D landmark weight 20 on the nose bridge 28-30, eyes 36-47 and inner mouth 60-67 (0-based), 1 elsewhere. */
    static final double[] LANDMARK_WEIGHTS = landmarkWeights();
    /** Weights of the id, exp and tex squared norms inside the coefficient prior. */
    static final double ID_PRIOR = 1.0;
    static final double EXP_PRIOR = 0.8;
    static final double TEX_PRIOR = 0.017;

    private LossTerms() {
    }

    private static double[] landmarkWeights() {
        double[] w = new double[68];
        for (int i = 0; i < 68; i++) {
            boolean heavy = (i >= 28 && i <= 30) || (i >= 36 && i <= 47) || (i >= 60 && i <= 67);
            w[i] = heavy ? 20 : 1;
        }
        return w;
    }

    /**
     * Photo term of one view: {@code Σ_p m_p·w_p·|I_p - G_p| / Σ_p m_p·w_p} with m the rendered mask (constant),
     * w the weight map and |·| the RGB L2 distance; 0 when no weighted pixel is covered.
     *
     * @param image  [P,3] rendered linear RGB
     * @param mask   covered flags, via {@code view}
     * @param target [P,3] image RGB in [0,1] at {@code targetOffset}
     * @param weight [P] weight map at {@code weightOffset} (any positive scale, e.g. 32/128/254)
     * @param gImage out: += scale · d/dImage, [P,3]
     */
    static double photo(DifferentiableRenderer.View view, double[] target, int targetOffset, double[] weight,
                        int weightOffset, double scale, double[] gImage) {
        double[] image = view.image();
        int n = image.length / 3;
        double sum = 0;
        for (int p = 0; p < n; p++) {
            if (view.covered(p)) {
                sum += weight[weightOffset + p];
            }
        }
        if (sum <= 0) {
            return 0;
        }
        double loss = 0;
        for (int p = 0; p < n; p++) {
            double wp = weight[weightOffset + p];
            if (!view.covered(p) || wp == 0) {
                continue;
            }
            int t = targetOffset + 3 * p;
            double dr = image[3 * p] - target[t], dg = image[3 * p + 1] - target[t + 1];
            double db = image[3 * p + 2] - target[t + 2];
            double dist = Math.sqrt(dr * dr + dg * dg + db * db);
            loss += wp * dist;
            if (dist > TINY && gImage != null) {
                double k = scale * wp / (sum * dist);
                gImage[3 * p] += k * dr;
                gImage[3 * p + 1] += k * dg;
                gImage[3 * p + 2] += k * db;
            }
        }
        return loss / sum;
    }

    /**
     * 2D landmark term of one view: {@code Σ_k w_k·|p_k - g_k| / 68} in pixels; a non-finite target point (one
     * the landmark detector set aside) contributes nothing.
     *
     * @param uv          [V,2] projected vertices, pixels
     * @param landmarkIds [68] 0-based vertex ids
     * @param target      [68,2] landmark pixels at {@code targetOffset}
     * @param gUv         out: += scale · d/dUv, [V,2]
     */
    static double landmarks2d(double[] uv, int[] landmarkIds, double[] target, int targetOffset, double scale,
                              double[] gUv) {
        double loss = 0;
        int count = landmarkIds.length;
        for (int k = 0; k < count; k++) {
            int v = landmarkIds[k];
            double dx = uv[2 * v] - target[targetOffset + 2 * k];
            double dy = uv[2 * v + 1] - target[targetOffset + 2 * k + 1];
            if (!Double.isFinite(dx) || !Double.isFinite(dy)) { // a point set aside by the landmark detector
                continue;
            }
            double dist = Math.sqrt(dx * dx + dy * dy);
            loss += LANDMARK_WEIGHTS[k] * dist;
            if (dist > TINY && gUv != null) {
                double g = scale * LANDMARK_WEIGHTS[k] / (count * dist);
                gUv[2 * v] += g * dx;
                gUv[2 * v + 1] += g * dy;
            }
        }
        return loss / count;
    }

    /**
     * 3D landmark term: the predicted landmark vertices are similarity-aligned to the target on the alignment points
     * (Umeyama 1991 with the correct reflection handling, unlike DF-MVR's column flip), then
     * {@code mean_k |s·R·p_k + t - g_k|} in the target's unit. The backward treats the alignment as a constant
     * (DF-MVR) or differentiates through it ({@link AlignmentDerivative}), as {@code mode} says.
     *
     * @param shape          [V,3] predicted shape, model units
     * @param landmarkIds    [L] 0-based vertex ids of the 3D landmarks
     * @param alignmentSlots indices into the L landmarks of the points the similarity is fitted on (&gt;= 3)
     * @param target         [L,3] at {@code targetOffset}
     * @param gShape         out: += scale · d/dShape, [V,3]
     * @param fallback       null, or out [1]: set to 1 when EXACT was asked for but undefined, so the alignment was
     *                       held constant
     */
    static double landmarks3d(double[] shape, int[] landmarkIds, int[] alignmentSlots, double[] target,
                              int targetOffset, AlignmentGradient mode, double scale, double[] gShape,
                              int[] fallback) {
        int m = alignmentSlots.length;
        double[] src = new double[3 * m];
        double[] dst = new double[3 * m];
        for (int i = 0; i < m; i++) {
            int slot = alignmentSlots[i];
            System.arraycopy(shape, 3 * landmarkIds[slot], src, 3 * i, 3);
            System.arraycopy(target, targetOffset + 3 * slot, dst, 3 * i, 3);
        }
        SimilarityTransform fit = Umeyama.fit(src, dst, true);
        double[] gFit = mode == AlignmentGradient.EXACT && gShape != null ? new double[13] : null;
        double loss = landmarks3d(shape, landmarkIds, fit, target, targetOffset, scale, gShape, gFit);
        if (gFit != null) {
            double[] gSrc = new double[3 * m];
            if (!AlignmentDerivative.backward(src, dst, fit, gFit[0], java.util.Arrays.copyOfRange(gFit, 1, 10),
                    java.util.Arrays.copyOfRange(gFit, 10, 13), gSrc) && fallback != null) {
                fallback[0] = 1;
            }
            for (int i = 0; i < m; i++) {
                int v = 3 * landmarkIds[alignmentSlots[i]];
                for (int a = 0; a < 3; a++) {
                    gShape[v + a] += gSrc[3 * i + a];
                }
            }
        }
        return loss;
    }

    /**
     * 3D landmark term {@code mean_k |s·R·p_k + t - g_k|} for a given prediction-to-target similarity, with the
     * similarity held constant in {@code gShape}.
     *
     * @param shape       [V,3] predicted shape, model units
     * @param landmarkIds [L] 0-based vertex ids of the 3D landmarks
     * @param target      [L,3] at {@code targetOffset}
     * @param gShape      out: += scale · d/dShape at fixed similarity, [V,3]
     * @param gFit        null, or out [13]: += scale · d/d(s, R[3,3] row-major, t[3])
     */
    static double landmarks3d(double[] shape, int[] landmarkIds, SimilarityTransform predToTarget, double[] target,
                              int targetOffset, double scale, double[] gShape, double[] gFit) {
        double s = predToTarget.scale();
        double[] r = predToTarget.rotation();
        double[] t = predToTarget.translation();
        int count = landmarkIds.length;
        double loss = 0;
        for (int k = 0; k < count; k++) {
            int v = 3 * landmarkIds[k];
            double x = shape[v], y = shape[v + 1], z = shape[v + 2];
            int g = targetOffset + 3 * k;
            double dx = s * (r[0] * x + r[1] * y + r[2] * z) + t[0] - target[g];
            double dy = s * (r[3] * x + r[4] * y + r[5] * z) + t[1] - target[g + 1];
            double dz = s * (r[6] * x + r[7] * y + r[8] * z) + t[2] - target[g + 2];
            double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
            loss += dist;
            if (dist > TINY && gShape != null) {
                double k2 = scale * s / (count * dist);
                gShape[v] += k2 * (r[0] * dx + r[3] * dy + r[6] * dz);
                gShape[v + 1] += k2 * (r[1] * dx + r[4] * dy + r[7] * dz);
                gShape[v + 2] += k2 * (r[2] * dx + r[5] * dy + r[8] * dz);
            }
            if (dist > TINY && gFit != null) {
                double u = scale / (count * dist);
                double ux = u * dx, uy = u * dy, uz = u * dz;
                gFit[0] += ux * (r[0] * x + r[1] * y + r[2] * z) + uy * (r[3] * x + r[4] * y + r[5] * z)
                        + uz * (r[6] * x + r[7] * y + r[8] * z);
                double[] uu = {ux, uy, uz};
                double[] pp = {x, y, z};
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        gFit[1 + 3 * i + j] += s * uu[i] * pp[j];
                    }
                    gFit[10 + i] += uu[i];
                }
            }
        }
        return loss / count;
    }

    /**
     * Coefficient prior {@code 1·|id|² + 0.8·|exp|² + 0.017·|tex|²}; adds scale·gradient to grad.
     */
    static double coefficientPrior(double[] coeffs, int idOffset, int idSize, int expOffset, int expSize,
                                   int texOffset, int texSize, double scale, double[] grad) {
        return squaredNorm(coeffs, idOffset, idSize, ID_PRIOR, scale, grad)
                + squaredNorm(coeffs, expOffset, expSize, EXP_PRIOR, scale, grad)
                + squaredNorm(coeffs, texOffset, texSize, TEX_PRIOR, scale, grad);
    }

    private static double squaredNorm(double[] c, int from, int size, double weight, double scale, double[] grad) {
        double s = 0;
        for (int i = from; i < from + size; i++) {
            s += c[i] * c[i];
            grad[i] += scale * 2 * weight * c[i];
        }
        return weight * s;
    }

    /**
     * SH monochrome prior: the mean over the 27 gamma values of the squared deviation from the mean over R, G, B of
     * the same band ({@code mean((gamma - mean_RGB gamma)^2)}, reference §1.3).
     */
    static double gammaPrior(double[] coeffs, int gammaOffset, double scale, double[] grad) {
        int bands = 9;
        double loss = 0;
        for (int k = 0; k < bands; k++) {
            double mean = (coeffs[gammaOffset + k] + coeffs[gammaOffset + bands + k]
                    + coeffs[gammaOffset + 2 * bands + k]) / 3;
            for (int ch = 0; ch < 3; ch++) {
                int i = gammaOffset + ch * bands + k;
                double d = coeffs[i] - mean;
                loss += d * d;
                // the mean's own derivative sums to zero over the three channels
                grad[i] += scale * 2 * d / (3 * bands);
            }
        }
        return loss / (3 * bands);
    }

    /**
     * Reflectance (skin-consistency) prior on the albedo, Deep3DFace's {@code reflectance_loss}:
     * {@code Σ_{v in skin, c} (a_vc - mean_skin_c)² / |skin|}. (DF-MVR computes it on the lit colour in 0..255;
     * we use the albedo in [0,1] like Deep3DFace, so lighting is not pushed towards flat.)
     *
     * @param albedo  [V,3] linear RGB
     * @param skin    [V] skin flags
     * @param gAlbedo out: += scale · d/dAlbedo, [V,3]
     */
    static double reflectance(double[] albedo, boolean[] skin, double scale, double[] gAlbedo) {
        double[] mean = new double[3];
        int n = 0;
        for (int v = 0; v < skin.length; v++) {
            if (skin[v]) {
                n++;
                for (int c = 0; c < 3; c++) {
                    mean[c] += albedo[3 * v + c];
                }
            }
        }
        if (n == 0) {
            return 0;
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= n;
        }
        double loss = 0;
        for (int v = 0; v < skin.length; v++) {
            if (skin[v]) {
                for (int c = 0; c < 3; c++) {
                    double d = albedo[3 * v + c] - mean[c];
                    loss += d * d;
                    gAlbedo[3 * v + c] += scale * 2 * d / n;
                }
            }
        }
        return loss / n;
    }
}
