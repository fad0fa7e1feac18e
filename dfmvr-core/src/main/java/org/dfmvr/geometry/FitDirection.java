package org.dfmvr.geometry;

/**
 * Which side an ICP estimator fits a transform to; it always returns the source-to-target update.
 *
 * <p>With a scale, the two are not equivalent when the source points are noisy (a scan) and the target is a clean
 * surface: fitting source-to-target puts the noise into the regressors and the least-squares scale shrinks the
 * source by about sigma^2 / mean((n.(p - c))^2) (regression dilution; e.g. 0.5% for 0.5 mm noise on a face), while
 * fitting target-to-source measures residuals in the source frame, where the noise is only in the observations,
 * and inverts the result. The latter is also the objective of NoW's refinement, which moves the predicted mesh onto
 * the fixed scan. Without scale both give the same fixed point (point-to-point exactly; point-to-plane to first
 * order). What remains with target-to-source is the bias of the point-to-surface objective itself: on a curved
 * surface noisy points lie outside it on average (a sphere of radius rho fits noisy points best at
 * rho + sigma^2 / rho), a relative scale error of order sigma^2 / rho^2 that NoW's objective shares. Measured in
 * {@code IcpTest} (1 mm noise, face-like surface): scale 0.996 target-to-source vs 0.978 source-to-target.
 */
public enum FitDirection {
    /** Fit sourceToTarget directly (Besl and McKay; Low 2004; Open3D). */
    SOURCE_TO_TARGET,
    /** Fit targetToSource with the source frame's residuals, then invert. */
    TARGET_TO_SOURCE
}
