package org.dfmvr.fitting;

import java.util.List;

/**
 * The outcome of one {@link MultiViewLandmarkFit#fit}: refined coefficients and poses of the fitted views (in the
 * order they were given), the RMS landmark reprojection error over those views before and after, and what each view
 * contributed.
 *
 * @param id             identity coefficients
 * @param exp            expression coefficients
 * @param rotations      per fitted view, the 3 Euler angles (radians, {@code org.dfmvr.camera.EulerRotation})
 * @param translations   per fitted view, the translation (model units)
 * @param initialRmsPx   RMS reprojection error of the starting point, pixels
 * @param finalRmsPx     RMS reprojection error of the result, pixels
 * @param iterations     Levenberg-Marquardt iterations run
 * @param views          per fitted view (same order), what it used and its error
 */
public record LandmarkFitResult(float[] id, float[] exp, float[][] rotations, float[][] translations,
                                double initialRmsPx, double finalRmsPx, int iterations, List<ViewReport> views) {
    public LandmarkFitResult {
        views = List.copyOf(views);
    }

    /**
     * One view's part in the fit.
     *
     * @param landmarksUsed  landmarks with finite coordinates (the others were ignored)
     * @param beyondScale    of those, how many end farther than the robust scale from the fitted model's projection:
     *                       down-weighted (Huber) or ignored (Tukey); 0 with the squared loss
     * @param initialRmsPx   RMS reprojection error of this view at the start, pixels (NaN without landmarks)
     * @param finalRmsPx     the same at the result
     * @param finalMaxPx     the largest final reprojection error of this view, pixels
     */
    public record ViewReport(int landmarksUsed, int beyondScale, double initialRmsPx, double finalRmsPx,
                             double finalMaxPx) {
    }
}
