package org.dfmvr.fitting;

/**
 * The outcome of one {@link MultiViewLandmarkFit#fit}: refined coefficients and poses of the fitted views (in the
 * order they were given), and the RMS landmark reprojection error over those views before and after.
 *
 * @param id             identity coefficients
 * @param exp            expression coefficients
 * @param rotations      per fitted view, the 3 Euler angles (radians, {@code org.dfmvr.camera.EulerRotation})
 * @param translations   per fitted view, the translation (model units)
 * @param initialRmsPx   RMS reprojection error of the starting point, pixels
 * @param finalRmsPx     RMS reprojection error of the result, pixels
 * @param iterations     Levenberg-Marquardt iterations run
 */
public record LandmarkFitResult(float[] id, float[] exp, float[][] rotations, float[][] translations,
                                double initialRmsPx, double finalRmsPx, int iterations) {
}
