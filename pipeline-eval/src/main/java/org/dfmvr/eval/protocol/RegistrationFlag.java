package org.dfmvr.eval.protocol;

/**
 * Why a sample's registration is not trusted; a flagged sample is reported but not averaged in. Running out of ICP
 * iterations is not a flag by itself (point-to-point ICP converges slowly but steadily); it is visible in
 * {@link SampleEvaluation#refinement()}.
 */
public enum RegistrationFlag {
    /** The crop kept fewer scan vertices than the ICP's minimum number of correspondences. */
    CROP_TOO_SMALL,
    /** ICP ended with fewer correspondences than its minimum. */
    TOO_FEW_CORRESPONDENCES,
    /** ICP found the correspondences degenerate (e.g. a flat patch with scale). */
    DEGENERATE,
    /** ICP changed the landmark fit's scale by more than the allowed factor. */
    SCALE_OUT_OF_RANGE,
    /** The sample's headline error is far above the batch median (set by {@link ErrorStatistics#aggregate}). */
    RESIDUAL_OUTLIER
}
