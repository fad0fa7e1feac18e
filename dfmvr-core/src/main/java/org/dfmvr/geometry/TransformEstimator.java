package org.dfmvr.geometry;

import java.util.Optional;

/**
 * One ICP step: the transform that best moves the selected source points onto their correspondences under an error
 * metric, and that metric's per-point residual (one ICP strategy).
 */
public interface TransformEstimator {

    /**
     * @param source [N,3] current source points (target frame)
     * @param c      correspondences; only the first {@code c.selectedCount} indices of {@code c.selected} are used
     * @return the update {@code currentToNext}, or empty when the selected pairs do not determine one (degenerate)
     */
    Optional<SimilarityTransform> estimate(double[] source, Correspondences c);

    /** The metric's squared residual of source point {@code i} against its correspondence (unit squared). */
    double squaredResidual(double[] source, int i, Correspondences c);

    /** Whether the metric needs target normals. */
    boolean needsNormals();

    /** Which transforms {@link #estimate} returns. */
    TransformModel model();
}
