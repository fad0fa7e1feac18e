package org.dfmvr.geometry;

/**
 * Outcome of one ICP run; all numbers describe the returned transform (correspondences re-found after the last
 * update). Numerical failure is reported here, not thrown.
 *
 * @param sourceToTarget  the registration, source frame to target frame
 * @param rmse            root mean square of the estimator's residual (point-to-point distance or point-to-plane
 *                        distance) over the selected pairs, target unit; NaN when no pair is left
 * @param fitness         fraction of source points with a correspondence within the maximum distance, in [0,1]
 * @param iterations      transform updates applied
 * @param converged       true when the relative RMSE change fell below the criterion
 * @param correspondences number of selected pairs behind {@code rmse}
 * @param termination     why the run stopped
 */
public record IcpResult(SimilarityTransform sourceToTarget, double rmse, double fitness, int iterations,
                        boolean converged, int correspondences, Termination termination) {

    /** Why an ICP run stopped. */
    public enum Termination {
        /** The relative RMSE change fell below {@link IcpCriteria#relativeRmseChange()}. */
        CONVERGED,
        /** {@link IcpCriteria#maxIterations()} updates without converging. */
        MAX_ITERATIONS,
        /** Fewer than {@link IcpCriteria#minCorrespondences()} pairs were left at the returned transform. */
        TOO_FEW_CORRESPONDENCES,
        /** The estimator found the pairs degenerate (e.g. all on a line or plane); the last transform is returned. */
        DEGENERATE
    }
}
