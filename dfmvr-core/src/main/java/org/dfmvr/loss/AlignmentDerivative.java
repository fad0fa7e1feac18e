package org.dfmvr.loss;

import org.dfmvr.geometry.SimilarityTransform;

/**
 * The derivative of Umeyama's least-squares similarity (scale s, rotation R, translation t; see
 * {@link org.dfmvr.geometry.Umeyama}) with respect to its source points, used to backpropagate the 3D landmark term
 * through the alignment when {@link AlignmentGradient#EXACT} is chosen.
 *
 * <p>With centred sources x_i, targets y_i, n points, cross-covariance {@code C = Σ y_i x_i^T / n} and source
 * variance {@code σ² = Σ |x_i|² / n}, R maximises {@code tr(R^T C)} over rotations, so {@code M = R^T C} is
 * symmetric. Differentiating that condition with {@code dR = R·[ω]×} gives
 * {@code [ω]×M + M[ω]× = R^T dC - dC^T R}, and for symmetric M the left side is {@code [((tr M)·I - M)·ω]×}, so
 * {@code ω = ((tr M)·I - M)^{-1} · vee(R^T dC - dC^T R)} (the standard polar-decomposition derivative, e.g.
 * Papadopoulo &amp; Lourakis, ECCV 2000, "Estimating the Jacobian of the SVD"). Also {@code s = tr(M)/σ²}, and
 * {@code d tr(R^T C) = tr(R^T dC)} because {@code tr([ω]×^T M) = 0}; {@code t = μ_y - s R μ_x}. Each of the 3n
 * source coordinates is one forward-mode direction (3n = 21 for DF-MVR's 7 points).
 */
final class AlignmentDerivative {
    private AlignmentDerivative() {
    }

    /**
     * Accumulates into gSource [n,3] the gradient of a loss whose partial derivatives with respect to the fitted
     * similarity are gScale, gRotation [3,3] row-major and gTranslation [3].
     *
     * @param source [n,3] the points that were fitted (prediction), n &gt;= 3
     * @param target [n,3] their targets
     * @param fit    the fit of source to target ({@code Umeyama.fit(source, target, true)})
     * @return false, with gSource untouched, when the derivative is undefined ({@code (tr M)·I - M} singular: two
     *         signed singular values of C cancel, i.e. degenerate alignment points)
     */
    static boolean backward(double[] source, double[] target, SimilarityTransform fit, double gScale,
                         double[] gRotation, double[] gTranslation, double[] gSource) {
        int n = source.length / 3;
        double[] mx = new double[3];
        double[] my = new double[3];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                mx[a] += source[3 * i + a] / n;
                my[a] += target[3 * i + a] / n;
            }
        }
        double variance = 0;
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                double d = source[3 * i + a] - mx[a];
                variance += d * d / n;
            }
        }
        double[] r = fit.rotation();
        double s = fit.scale();
        // M = R^T C, C = Σ y_i x_i^T / n (centred)
        double[] c = new double[9];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 3; q++) {
                    c[3 * p + q] += (target[3 * i + p] - my[p]) * (source[3 * i + q] - mx[q]) / n;
                }
            }
        }
        double[] m = mulTransposedA(r, c);
        double tr = m[0] + m[4] + m[8];
        double[] a = {tr - m[0], -m[1], -m[2], -m[3], tr - m[4], -m[5], -m[6], -m[7], tr - m[8]};
        double[] aInv = inverse(a);
        if (aInv == null) {
            return false;
        }
        double[] rMx = mul(r, mx);
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < 3; e++) {
                // direction: source point i, coordinate e; centred y_i is what multiplies it in C (Σ y_j = 0)
                double[] dc = new double[9];
                for (int p = 0; p < 3; p++) {
                    dc[3 * p + e] = (target[3 * i + p] - my[p]) / n;
                }
                double dVariance = 2 * (source[3 * i + e] - mx[e]) / n;
                double[] rtdc = mulTransposedA(r, dc);
                // K = R^T dC - (R^T dC)^T, vee(K) = (K21... ) with [w]x = [[0,-w3,w2],[w3,0,-w1],[-w2,w1,0]]
                double k1 = rtdc[7] - rtdc[5], k2 = rtdc[2] - rtdc[6], k3 = rtdc[3] - rtdc[1];
                double w1 = aInv[0] * k1 + aInv[1] * k2 + aInv[2] * k3;
                double w2 = aInv[3] * k1 + aInv[4] * k2 + aInv[5] * k3;
                double w3 = aInv[6] * k1 + aInv[7] * k2 + aInv[8] * k3;
                double[] omega = {0, -w3, w2, w3, 0, -w1, -w2, w1, 0};
                double[] dr = mul3(r, omega);
                double ds = (rtdc[0] + rtdc[4] + rtdc[8]) / variance - s * dVariance / variance;
                // t = μ_y - s R μ_x
                double[] drMx = mul(dr, mx);
                double dOut = gScale * ds;
                for (int k = 0; k < 9; k++) {
                    dOut += gRotation[k] * dr[k];
                }
                for (int p = 0; p < 3; p++) {
                    double dt = -ds * rMx[p] - s * drMx[p] - s * r[3 * p + e] / n;
                    dOut += gTranslation[p] * dt;
                }
                gSource[3 * i + e] += dOut;
            }
        }
        return true;
    }

    /** A^T B for [3,3] row-major matrices. */
    private static double[] mulTransposedA(double[] a, double[] b) {
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[3 * i + j] = a[i] * b[j] + a[3 + i] * b[3 + j] + a[6 + i] * b[6 + j];
            }
        }
        return out;
    }

    private static double[] mul3(double[] a, double[] b) {
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return out;
    }

    private static double[] mul(double[] a, double[] v) {
        return new double[] {a[0] * v[0] + a[1] * v[1] + a[2] * v[2], a[3] * v[0] + a[4] * v[1] + a[5] * v[2],
            a[6] * v[0] + a[7] * v[1] + a[8] * v[2]};
    }

    /** Inverse of a [3,3] row-major matrix, or null when its determinant is below 1e-12 of its scale cubed. */
    private static double[] inverse(double[] a) {
        double det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
                + a[2] * (a[3] * a[7] - a[4] * a[6]);
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (!(Math.abs(det) > 1e-12 * scale * scale * scale)) {
            return null;
        }
        return new double[] {
            (a[4] * a[8] - a[5] * a[7]) / det, (a[2] * a[7] - a[1] * a[8]) / det, (a[1] * a[5] - a[2] * a[4]) / det,
            (a[5] * a[6] - a[3] * a[8]) / det, (a[0] * a[8] - a[2] * a[6]) / det, (a[2] * a[3] - a[0] * a[5]) / det,
            (a[3] * a[7] - a[4] * a[6]) / det, (a[1] * a[6] - a[0] * a[7]) / det, (a[0] * a[4] - a[1] * a[3]) / det
        };
    }
}
