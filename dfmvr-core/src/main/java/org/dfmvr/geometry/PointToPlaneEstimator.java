package org.dfmvr.geometry;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Point-to-plane metric ((p - q) . n)^2 with n the unit target normal at q (Chen and Medioni 1992), minimised by the
 * linear least-squares approximation of Low, "Linear Least-Squares Optimization for Point-to-Plane ICP Surface
 * Registration", TR04-004, UNC Chapel Hill, 2004, extended here with an isotropic scale.
 *
 * <p>Derivation. Points are first centred on the selected source centroid c (p = source - c, q = target - c), which
 * decouples scale from translation and keeps the system well conditioned. The update is y = s R p + t with
 * R ~ I + [w]x (small angles, Low's approximation) and s = 1 + sigma; dropping second-order terms (sigma w),
 * the residual n.(y - q) = n.(p - q) + w.(p x n) + t.n + sigma (n.p) is linear in x = (w, t, sigma). Each pair
 * contributes a row a = [p x n, n, n.p] and right side b = n.(q - p); x solves the normal equations
 * (A^T A) x = A^T b (6x6 for {@link TransformModel#RIGID}, exactly Low's system, 7x7 with the scale column). The
 * update uses the exact rotation exp([w]x) (Rodrigues) and s = 1 + sigma, then un-centres: t' = t + c - s R c.
 * Iterating (ICP) removes the linearisation error: at a fixed point the solution is x = 0.
 *
 * <p>{@link FitDirection#TARGET_TO_SOURCE} swaps the roles: the same system is built with rows at the target points
 * (a = [q x n, n, n.q], b = n.(p - q), planes through the source points with the target normal), which fits the
 * update targetToSource with residuals in the source frame, and the inverse is returned.
 */
public record PointToPlaneEstimator(TransformModel model, FitDirection direction) implements TransformEstimator {
    public PointToPlaneEstimator {
        if (model == null || direction == null) {
            throw new IllegalArgumentException("model and direction must not be null, got " + model + ", "
                    + direction);
        }
    }

    /** Fits source-to-target, as Low 2004 and Open3D. */
    public PointToPlaneEstimator(TransformModel model) {
        this(model, FitDirection.SOURCE_TO_TARGET);
    }

    @Override
    public Optional<SimilarityTransform> estimate(double[] source, Correspondences c) {
        int dims = model == TransformModel.SIMILARITY ? 7 : 6;
        int n = c.selectedCount;
        if (n < dims) {
            return Optional.empty();
        }
        boolean forward = direction == FitDirection.SOURCE_TO_TARGET;
        double[] from = forward ? source : c.targetPoints;
        double[] to = forward ? c.targetPoints : source;
        double cx = 0, cy = 0, cz = 0;
        for (int k = 0; k < n; k++) {
            int i = c.selected[k];
            cx += from[3 * i];
            cy += from[3 * i + 1];
            cz += from[3 * i + 2];
        }
        cx /= n;
        cy /= n;
        cz /= n;
        DMatrixRMaj ata = new DMatrixRMaj(dims, dims);
        DMatrixRMaj atb = new DMatrixRMaj(dims, 1);
        double[] a = new double[7];
        for (int k = 0; k < n; k++) {
            int i = c.selected[k];
            double px = from[3 * i] - cx, py = from[3 * i + 1] - cy, pz = from[3 * i + 2] - cz;
            double qx = to[3 * i] - cx, qy = to[3 * i + 1] - cy, qz = to[3 * i + 2] - cz;
            double nx = c.targetNormals[3 * i], ny = c.targetNormals[3 * i + 1], nz = c.targetNormals[3 * i + 2];
            a[0] = py * nz - pz * ny;
            a[1] = pz * nx - px * nz;
            a[2] = px * ny - py * nx;
            a[3] = nx;
            a[4] = ny;
            a[5] = nz;
            a[6] = nx * px + ny * py + nz * pz;
            double b = nx * (qx - px) + ny * (qy - py) + nz * (qz - pz);
            for (int r = 0; r < dims; r++) {
                for (int col = r; col < dims; col++) {
                    ata.data[r * dims + col] += a[r] * a[col];
                }
                atb.data[r] += a[r] * b;
            }
        }
        for (int r = 0; r < dims; r++) {
            for (int col = 0; col < r; col++) {
                ata.data[r * dims + col] = ata.data[col * dims + r];
            }
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(dims);
        if (!solver.setA(ata) || solver.quality() < 1e-14) {
            return Optional.empty();
        }
        DMatrixRMaj x = new DMatrixRMaj(dims, 1);
        solver.solve(atb, x);
        for (double v : x.data) {
            if (!Double.isFinite(v)) {
                return Optional.empty();
            }
        }
        double scale = dims == 7 ? 1 + x.data[6] : 1;
        if (!(scale > 0)) {
            return Optional.empty();
        }
        double[] r = SimilarityTransform.rotationFromAxisAngle(new double[] {x.data[0], x.data[1], x.data[2]});
        double[] t = {
            x.data[3] + cx - scale * (r[0] * cx + r[1] * cy + r[2] * cz),
            x.data[4] + cy - scale * (r[3] * cx + r[4] * cy + r[5] * cz),
            x.data[5] + cz - scale * (r[6] * cx + r[7] * cy + r[8] * cz)};
        SimilarityTransform update = new SimilarityTransform(scale, r, t);
        return Optional.of(forward ? update : update.inverse());
    }

    @Override
    public double squaredResidual(double[] source, int i, Correspondences c) {
        double d = (source[3 * i] - c.targetPoints[3 * i]) * c.targetNormals[3 * i]
                + (source[3 * i + 1] - c.targetPoints[3 * i + 1]) * c.targetNormals[3 * i + 1]
                + (source[3 * i + 2] - c.targetPoints[3 * i + 2]) * c.targetNormals[3 * i + 2];
        return d * d;
    }

    @Override
    public boolean needsNormals() {
        return true;
    }
}
