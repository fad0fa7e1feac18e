package org.dfmvr.geometry;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Least-squares similarity (or rigid) transform between two corresponding point sets.
 *
 * <p>Umeyama, "Least-squares estimation of transformation parameters between two point patterns", IEEE TPAMI 13(4),
 * 1991, eqs. (34)-(43): with centroids mu_s, mu_t, source variance sigma^2 = mean |s - mu_s|^2 and cross-covariance
 * C = mean (t - mu_t)(s - mu_s)^T = U D V^T, the optimum is R = U S V^T, c = tr(D S) / sigma^2,
 * t = mu_t - c R mu_s, where S = diag(1, 1, -1) when det(U) det(V) &lt; 0 and the identity otherwise. Using
 * det(U) det(V) rather than det(C) also covers the rank-2 (coplanar) case of the paper's eq. (43). The sign flip is
 * applied to the smallest singular value, so a reflected input gives the best proper rotation, never a reflection.
 */
public final class Umeyama {
    private Umeyama() {
    }

    /**
     * Fits {@code sourceToTarget} minimising sum |target_i - (c R source_i + t)|^2.
     *
     * @param source    [N,3] row-major, N &gt;= 3, not all collinear
     * @param target    [N,3] row-major, same N, same order as {@code source}
     * @param withScale true: estimate c (similarity); false: c = 1 (rigid, Kabsch)
     * @return the source-to-target transform
     * @throws IllegalArgumentException when the shapes differ, N &lt; 3, or the source points are collinear
     */
    public static SimilarityTransform fit(double[] source, double[] target, boolean withScale) {
        if (source.length % 3 != 0 || target.length != source.length) {
            throw new IllegalArgumentException("source and target must both be [N,3] with the same N, got lengths "
                    + source.length + " and " + target.length);
        }
        int n = source.length / 3;
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 point pairs, got " + n);
        }
        double[] ms = centroid(source);
        double[] mt = centroid(target);
        DMatrixRMaj cov = new DMatrixRMaj(3, 3);
        double sourceVariance = 0;
        for (int i = 0; i < source.length; i += 3) {
            for (int r = 0; r < 3; r++) {
                double tr = target[i + r] - mt[r];
                for (int c = 0; c < 3; c++) {
                    cov.data[3 * r + c] += tr * (source[i + c] - ms[c]);
                }
                double sr = source[i + r] - ms[r];
                sourceVariance += sr * sr;
            }
        }
        for (int i = 0; i < 9; i++) {
            cov.data[i] /= n;
        }
        sourceVariance /= n;

        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(3, 3, true, true, false);
        if (!svd.decompose(cov.copy())) {
            throw new IllegalStateException("SVD of the 3x3 cross-covariance did not converge: " + cov);
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        DMatrixRMaj w = svd.getW(null);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        double d0 = w.get(0, 0), d1 = w.get(1, 1), d2 = w.get(2, 2);
        double[] sourceSpread = sourceSpread(source, ms);
        if (!(sourceSpread[1] > 1e-12 * sourceSpread[0])) {
            throw new IllegalArgumentException("source points are collinear or coincident (principal spreads "
                    + sourceSpread[0] + ", " + sourceSpread[1] + "); a rotation is not determined");
        }
        double[] uu = u.data, vv = v.data;
        double sign = SimilarityTransform.determinant(uu) * SimilarityTransform.determinant(vv) < 0 ? -1 : 1;
        double[] rotation = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                rotation[3 * r + c] = uu[3 * r] * vv[3 * c] + uu[3 * r + 1] * vv[3 * c + 1]
                        + sign * uu[3 * r + 2] * vv[3 * c + 2];
            }
        }
        double scale = withScale ? (d0 + d1 + sign * d2) / sourceVariance : 1;
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the similarity fit gives a non-positive scale " + scale
                    + "; source and target do not correspond");
        }
        double[] translation = new double[3];
        for (int r = 0; r < 3; r++) {
            translation[r] = mt[r] - scale * (rotation[3 * r] * ms[0] + rotation[3 * r + 1] * ms[1]
                    + rotation[3 * r + 2] * ms[2]);
        }
        return new SimilarityTransform(scale, rotation, translation);
    }

    /** Mean of [N,3] points, [3]. */
    static double[] centroid(double[] points) {
        double[] c = new double[3];
        for (int i = 0; i < points.length; i += 3) {
            c[0] += points[i];
            c[1] += points[i + 1];
            c[2] += points[i + 2];
        }
        int n = points.length / 3;
        c[0] /= n;
        c[1] /= n;
        c[2] /= n;
        return c;
    }

    /** Singular values (descending) of the centred source points: their spread along the principal axes. */
    private static double[] sourceSpread(double[] source, double[] ms) {
        DMatrixRMaj scatter = new DMatrixRMaj(3, 3);
        for (int i = 0; i < source.length; i += 3) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    scatter.data[3 * r + c] += (source[i + r] - ms[r]) * (source[i + c] - ms[c]);
                }
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(3, 3, false, false, true);
        svd.decompose(scatter);
        double[] s = svd.getSingularValues().clone();
        java.util.Arrays.sort(s, 0, 3);
        return new double[] {s[2], s[1], s[0]};
    }
}
