package org.dfmvr.fitting;

import org.dfmvr.camera.EulerRotation;
import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.facemodel.MorphableModel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.ArrayList;
import java.util.List;

/**
 * Refines a reconstruction against the 68 2D landmarks of its views: identity and expression coefficients shared by
 * all views, and each view's rotation and translation, minimise (Levenberg-Marquardt)
 * <pre>  sum over views and landmarks rho(|project(R_v p_k(id, exp) + t_v) - l_vk| / sigma_px)
 *      + w_prior (|id|^2 / sigma_id^2 + |exp|^2 / sigma_exp^2)</pre>
 * with the camera the network's losses use; rho is the squared distance, or Huber's or Tukey's robust loss
 * ({@link LandmarkFitSettings.RobustLoss}), minimised by iteratively reweighted Gauss-Newton steps inside
 * Levenberg-Marquardt (the weights are recomputed at every accepted step, the acceptance test uses the true loss).
 * The shape is linear in the coefficients, so the 3D landmark rows of the bases are taken once and the Jacobian is
 * analytic ({@link EulerRotation#matrixAndDerivatives}).
 *
 * <p>Why: the network has to locate landmarks to sub-pixel accuracy before identity shows in its output (at 64 px an
 * identity changes landmark positions by well under a pixel), which the few hundred CPU training steps of a quick
 * start do not reach, while the views' landmarks determine most of the identity (docs/infer.md, "Landmark fit").
 * Not thread-safe: one instance per thread.
 */
public final class MultiViewLandmarkFit {
    private static final int POSE_PARAMS = 6;
    private static final double CONVERGED_RELATIVE_DECREASE = 1e-10;
    private static final double MAX_DAMPING = 1e12;

    /**
     * One view's observation and starting pose.
     *
     * @param landmarks68 [68,2] pixel coordinates of the crop (x right, y down); non-finite pairs are ignored
     * @param weights     [68] 1 = use the point, 0 = ignore it (a point the landmark detector set aside), or null =
     *                    use all; the fit reads {@link #observed()}
     * @param rotation    3 Euler angles, radians
     * @param translation 3 components, model units
     */
    public record View(float[] landmarks68, float[] weights, float[] rotation, float[] translation) {
        public View {
            if (landmarks68.length != 2 * MorphableModel.LANDMARK_COUNT || rotation.length != 3
                    || translation.length != 3 || weights != null && weights.length != MorphableModel.LANDMARK_COUNT) {
                throw new IllegalArgumentException("a view needs 136 landmark coordinates, 68 weights or none, 3 angles"
                        + " and 3 translation components, got " + landmarks68.length + ", "
                        + (weights == null ? "none" : weights.length) + ", " + rotation.length + ", "
                        + translation.length);
            }
        }

        /** A view whose landmarks are all used. */
        public View(float[] landmarks68, float[] rotation, float[] translation) {
            this(landmarks68, null, rotation, translation);
        }

        /** The landmarks with the points of weight 0 replaced by NaN: what the fit sees. */
        public float[] observed() {
            float[] out = landmarks68.clone();
            if (weights != null) {
                for (int k = 0; k < weights.length; k++) {
                    if (!(weights[k] > 0)) {
                        out[2 * k] = Float.NaN;
                        out[2 * k + 1] = Float.NaN;
                    }
                }
            }
            return out;
        }
    }

    private final PerspectiveCamera camera;
    private final LandmarkFitSettings settings;
    private final int nId;
    private final int nExp;
    /** Landmark rows of the model: mean [68*3], bases [68*3, rank] row-major. */
    private final double[] mean;
    private final double[] idBasis;
    private final double[] expBasis;

    public MultiViewLandmarkFit(MorphableModel model, PerspectiveCamera camera, LandmarkFitSettings settings) {
        this.camera = camera;
        this.settings = settings;
        this.nId = model.idRank();
        this.nExp = model.expRank();
        int[] ids = model.landmarkIds68();
        float[] meanShape = model.meanShape(), id = model.identityBasis(), exp = model.expressionBasis();
        mean = new double[3 * ids.length];
        idBasis = new double[3 * ids.length * nId];
        expBasis = new double[3 * ids.length * nExp];
        for (int k = 0; k < ids.length; k++) {
            for (int c = 0; c < 3; c++) {
                int row = 3 * k + c, modelRow = 3 * ids[k] + c;
                mean[row] = meanShape[modelRow];
                for (int j = 0; j < nId; j++) {
                    idBasis[row * nId + j] = id[modelRow * nId + j];
                }
                for (int j = 0; j < nExp; j++) {
                    expBasis[row * nExp + j] = exp[modelRow * nExp + j];
                }
            }
        }
    }

    /**
     * Fits from the given coefficients and the views' starting poses.
     *
     * @param views at least one view; all are fitted together
     */
    public LandmarkFitResult fit(float[] id, float[] exp, List<View> views) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("a landmark fit needs at least one view");
        }
        if (id.length != nId || exp.length != nExp) {
            throw new IllegalArgumentException("coefficients must be " + nId + " identity and " + nExp
                    + " expression values, got " + id.length + " and " + exp.length);
        }
        Problem problem = new Problem(views);
        double[] x = problem.start(id, exp);
        double cost = problem.evaluate(x, null);
        double[][] initialErrors = problem.reprojectionErrors(x);
        double initialRms = rms(initialErrors);
        double damping = 1e-3;
        int iterations = 0;
        int n = x.length;
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(n);
        double[] gradient = new double[n];
        DMatrixRMaj normal = new DMatrixRMaj(n, n);
        problem.normalEquations(x, normal, gradient);
        while (iterations < settings.maxIterations() && damping < MAX_DAMPING) {
            iterations++;
            DMatrixRMaj damped = normal.copy();
            for (int i = 0; i < n; i++) {
                damped.add(i, i, damping * (normal.get(i, i) + 1e-9));
            }
            DMatrixRMaj step = new DMatrixRMaj(n, 1);
            DMatrixRMaj rhs = new DMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) {
                rhs.set(i, 0, -gradient[i]);
            }
            if (!solver.setA(damped)) {
                damping *= 4;
                continue;
            }
            solver.solve(rhs, step);
            double[] candidate = x.clone();
            for (int i = 0; i < n; i++) {
                candidate[i] += step.get(i, 0);
            }
            double candidateCost = problem.evaluate(candidate, null);
            if (candidateCost < cost) {
                boolean converged = cost - candidateCost < CONVERGED_RELATIVE_DECREASE * cost;
                x = candidate;
                cost = candidateCost;
                damping = Math.max(damping / 3, 1e-9);
                if (converged) {
                    break;
                }
                problem.normalEquations(x, normal, gradient);
            } else {
                damping *= 4;
            }
        }
        return problem.result(x, initialRms, initialErrors, iterations);
    }

    /** The objective at parameters {@code x} = [id, exp, per view 3 angles and 3 translations]. */
    double objective(List<View> views, double[] x) {
        return new Problem(views).evaluate(x, null);
    }

    /** J^T r at {@code x}: half the gradient of {@link #objective} (the robust loss reweighted at x). */
    double[] halfGradient(List<View> views, double[] x) {
        double[] gradient = new double[x.length];
        new Problem(views).normalEquations(x, new DMatrixRMaj(x.length, x.length), gradient);
        return gradient;
    }

    private static double rms(double[]... errors) {
        double sum = 0;
        int count = 0;
        for (double[] view : errors) {
            for (double e : view) {
                if (!Double.isNaN(e)) {
                    sum += e * e;
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : Math.sqrt(sum / count);
    }

    private static double max(double[] errors) {
        double m = Double.NaN;
        for (double e : errors) {
            if (!Double.isNaN(e) && !(e <= m)) {
                m = e;
            }
        }
        return m;
    }

    /** Parameters x = [id, exp, per view (3 angles, 3 translation)]; residuals = landmarks (x, y per view), priors. */
    private final class Problem {
        private final List<View> views;
        private final int lm = MorphableModel.LANDMARK_COUNT;
        private final int size;
        private final int residualCount;
        private final double[] points;

        Problem(List<View> views) {
            this.views = views;
            this.size = nId + nExp + POSE_PARAMS * views.size();
            this.residualCount = 2 * lm * views.size() + nId + nExp;
            this.points = new double[3 * lm];
        }

        double[] start(float[] id, float[] exp) {
            double[] x = new double[size];
            for (int j = 0; j < nId; j++) {
                x[j] = id[j];
            }
            for (int j = 0; j < nExp; j++) {
                x[nId + j] = exp[j];
            }
            for (int v = 0; v < views.size(); v++) {
                int o = poseOffset(v);
                for (int c = 0; c < 3; c++) {
                    x[o + c] = views.get(v).rotation()[c];
                    x[o + 3 + c] = views.get(v).translation()[c];
                }
            }
            return x;
        }

        private int poseOffset(int view) {
            return nId + nExp + POSE_PARAMS * view;
        }

        /** The landmark positions of the model for x's coefficients, into {@link #points}. */
        private void shapePoints(double[] x) {
            for (int row = 0; row < 3 * lm; row++) {
                double s = mean[row];
                int o = row * nId;
                for (int j = 0; j < nId; j++) {
                    s += idBasis[o + j] * x[j];
                }
                o = row * nExp;
                for (int j = 0; j < nExp; j++) {
                    s += expBasis[o + j] * x[nId + j];
                }
                points[row] = s;
            }
        }

        /**
         * The cost (sum of squared residuals); with {@code jacobian} non-null also its rows [residualCount, size]. A
         * landmark behind the camera makes the cost infinite.
         */
        double evaluate(double[] x, double[][] jacobian) {
            shapePoints(x);
            double sigma = settings.landmarkSigmaPx(), f = camera.focalPx();
            double cost = 0;
            int row = 0;
            for (int v = 0; v < views.size(); v++) {
                int o = poseOffset(v);
                double[][] rotation = EulerRotation.matrixAndDerivatives(x[o], x[o + 1], x[o + 2]);
                double[] r = rotation[0];
                double[] q = new double[3];
                float[] observed = views.get(v).observed();
                for (int k = 0; k < lm; k++, row += 2) {
                    double lx = observed[2 * k], ly = observed[2 * k + 1];
                    if (!Double.isFinite(lx) || !Double.isFinite(ly)) {
                        continue;
                    }
                    double d = posed(r, x, o, k, q);
                    if (d <= 0) {
                        return Double.POSITIVE_INFINITY;
                    }
                    double qx = q[0], qy = q[1];
                    double ru = (camera.cx() + f * qx / d - lx) / sigma;
                    double rv = (camera.cy() - f * qy / d - ly) / sigma;
                    double n2 = ru * ru + rv * rv;
                    cost += robustCost(n2);
                    if (jacobian != null) {
                        // iteratively reweighted: rows scaled by sqrt(w), so J^T r is half the robust cost's gradient
                        double sw = Math.sqrt(robustWeight(n2));
                        // d(u, v)/dq, already divided by sigma
                        double[] du = {sw * f / d / sigma, 0, sw * f * qx / (d * d) / sigma};
                        double[] dv = {0, -sw * f / d / sigma, -sw * f * qy / (d * d) / sigma};
                        jacobian[row][0] = sw * ru;
                        jacobian[row + 1][0] = sw * rv;
                        fillRow(jacobian[row], du, rotation, k, o);
                        fillRow(jacobian[row + 1], dv, rotation, k, o);
                    }
                }
            }
            double sp = Math.sqrt(settings.priorWeight());
            for (int j = 0; j < nId + nExp; j++, row++) {
                double s = j < nId ? settings.idPriorSigma() : settings.expPriorSigma();
                double rp = sp * x[j] / s;
                cost += rp * rp;
                if (jacobian != null) {
                    jacobian[row][0] = rp;
                    jacobian[row][1 + j] = sp / s;
                }
            }
            return cost;
        }

        /** The loss of one landmark with squared sigma-scaled distance {@code n2}. */
        private double robustCost(double n2) {
            double c = settings.robustScalePx() / settings.landmarkSigmaPx();
            switch (settings.robust()) {
                case HUBER:
                    return n2 <= c * c ? n2 : 2 * c * Math.sqrt(n2) - c * c;
                case TUKEY: {
                    if (n2 >= c * c) {
                        return c * c / 3;
                    }
                    double t = 1 - n2 / (c * c);
                    return c * c / 3 * (1 - t * t * t);
                }
                default:
                    return n2;
            }
        }

        /** The iteratively-reweighted least-squares weight: loss'(n) / (2n), 1 for the squared loss. */
        private double robustWeight(double n2) {
            double c = settings.robustScalePx() / settings.landmarkSigmaPx();
            switch (settings.robust()) {
                case HUBER:
                    return n2 <= c * c ? 1 : c / Math.sqrt(n2);
                case TUKEY: {
                    if (n2 >= c * c) {
                        return 0;
                    }
                    double t = 1 - n2 / (c * c);
                    return t * t;
                }
                default:
                    return 1;
            }
        }

        /** Row layout: [residual, d/dx...]. */
        private void fillRow(double[] out, double[] dq, double[][] rotation, int k, int poseOffset) {
            double[] r = rotation[0];
            // d/dp = dq . R
            double gx = dq[0] * r[0] + dq[1] * r[3] + dq[2] * r[6];
            double gy = dq[0] * r[1] + dq[1] * r[4] + dq[2] * r[7];
            double gz = dq[0] * r[2] + dq[1] * r[5] + dq[2] * r[8];
            int b = 3 * k;
            for (int j = 0; j < nId; j++) {
                out[1 + j] = gx * idBasis[b * nId + j] + gy * idBasis[(b + 1) * nId + j]
                        + gz * idBasis[(b + 2) * nId + j];
            }
            for (int j = 0; j < nExp; j++) {
                out[1 + nId + j] = gx * expBasis[b * nExp + j] + gy * expBasis[(b + 1) * nExp + j]
                        + gz * expBasis[(b + 2) * nExp + j];
            }
            double px = points[b], py = points[b + 1], pz = points[b + 2];
            for (int a = 0; a < 3; a++) {
                double[] m = rotation[1 + a];
                out[1 + poseOffset + a] = dq[0] * (m[0] * px + m[1] * py + m[2] * pz)
                        + dq[1] * (m[3] * px + m[4] * py + m[5] * pz) + dq[2] * (m[6] * px + m[7] * py + m[8] * pz);
            }
            for (int c = 0; c < 3; c++) {
                out[1 + poseOffset + 3 + c] = dq[c];
            }
        }

        /** J^T J into {@code normal} and J^T r into {@code gradient}, at x. */
        void normalEquations(double[] x, DMatrixRMaj normal, double[] gradient) {
            double[][] rows = new double[residualCount][size + 1];
            evaluate(x, rows);
            normal.zero();
            java.util.Arrays.fill(gradient, 0);
            double[] a = normal.data;
            for (double[] row : rows) {
                double res = row[0];
                for (int i = 0; i < size; i++) {
                    double ji = row[1 + i];
                    if (ji == 0) {
                        continue;
                    }
                    gradient[i] += ji * res;
                    int o = i * size;
                    for (int j = i; j < size; j++) {
                        a[o + j] += ji * row[1 + j];
                    }
                }
            }
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < i; j++) {
                    a[i * size + j] = a[j * size + i];
                }
            }
        }

        /** Landmark k of {@link #points} under rotation r and the translation at x[o + 3..5], into q; its depth. */
        private double posed(double[] r, double[] x, int o, int k, double[] q) {
            double px = points[3 * k], py = points[3 * k + 1], pz = points[3 * k + 2];
            q[0] = r[0] * px + r[1] * py + r[2] * pz + x[o + 3];
            q[1] = r[3] * px + r[4] * py + r[5] * pz + x[o + 4];
            q[2] = r[6] * px + r[7] * py + r[8] * pz + x[o + 5];
            return camera.cameraDistance() - q[2];
        }

        /** Per view, per landmark the 2D reprojection distance in pixels (NaN where the view has no landmark). */
        double[][] reprojectionErrors(double[] x) {
            shapePoints(x);
            double[][] errors = new double[views.size()][lm];
            for (int v = 0; v < views.size(); v++) {
                int o = poseOffset(v);
                double[] r = EulerRotation.matrixAndDerivatives(x[o], x[o + 1], x[o + 2])[0];
                float[] observed = views.get(v).observed();
                double[] q = new double[3];
                for (int k = 0; k < lm; k++) {
                    if (!Float.isFinite(observed[2 * k]) || !Float.isFinite(observed[2 * k + 1])) {
                        errors[v][k] = Double.NaN;
                        continue;
                    }
                    double d = posed(r, x, o, k, q);
                    double du = camera.cx() + camera.focalPx() * q[0] / d - observed[2 * k];
                    double dv = camera.cy() - camera.focalPx() * q[1] / d - observed[2 * k + 1];
                    errors[v][k] = Math.sqrt(du * du + dv * dv);
                }
            }
            return errors;
        }

        LandmarkFitResult result(double[] x, double initialRms, double[][] initialErrors, int iterations) {
            float[] id = new float[nId], exp = new float[nExp];
            for (int j = 0; j < nId; j++) {
                id[j] = (float) x[j];
            }
            for (int j = 0; j < nExp; j++) {
                exp[j] = (float) x[nId + j];
            }
            float[][] rotations = new float[views.size()][3], translations = new float[views.size()][3];
            for (int v = 0; v < views.size(); v++) {
                int o = poseOffset(v);
                for (int c = 0; c < 3; c++) {
                    rotations[v][c] = (float) x[o + c];
                    translations[v][c] = (float) x[o + 3 + c];
                }
            }
            double[][] errors = reprojectionErrors(x);
            List<LandmarkFitResult.ViewReport> reports = new ArrayList<>();
            for (int v = 0; v < views.size(); v++) {
                int used = 0, beyond = 0;
                for (double e : errors[v]) {
                    if (!Double.isNaN(e)) {
                        used++;
                        if (settings.robust() != LandmarkFitSettings.RobustLoss.NONE && e > settings.robustScalePx()) {
                            beyond++;
                        }
                    }
                }
                reports.add(new LandmarkFitResult.ViewReport(used, beyond, rms(initialErrors[v]),
                        rms(errors[v]), max(errors[v])));
            }
            return new LandmarkFitResult(id, exp, rotations, translations, initialRms, rms(errors), iterations,
                    reports);
        }
    }

}
