package org.dfmvr.fitting;

import java.io.Serializable;

/**
 * How {@link MultiViewLandmarkFit} refines a reconstruction ({@code dfmvr.infer.landmark-fit.*}). The objective is
 * the negative log posterior of a Gaussian model: landmark reprojection residuals with standard deviation
 * {@code landmarkSigmaPx}, identity and expression coefficients with zero-mean priors of standard deviation
 * {@code idPriorSigma} and {@code expPriorSigma} (coefficient units of the face model).
 *
 * @param enabled         refine at all
 * @param maxIterations   Levenberg-Marquardt iterations (accepted or rejected steps), &gt;= 1
 * @param landmarkSigmaPx expected landmark noise, pixels of the crop, &gt; 0
 * @param idPriorSigma    prior standard deviation of identity coefficients, &gt; 0
 * @param expPriorSigma   prior standard deviation of expression coefficients, &gt; 0
 */
public record LandmarkFitSettings(boolean enabled, int maxIterations, double landmarkSigmaPx, double idPriorSigma,
                                  double expPriorSigma) implements Serializable {
    /** No refinement: the network's output is the reconstruction. */
    public static final LandmarkFitSettings OFF = new LandmarkFitSettings(false, 1, 1, 1, 1);

    public LandmarkFitSettings {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max-iterations must be >= 1, got " + maxIterations);
        }
        requirePositive("landmark-sigma-px", landmarkSigmaPx);
        requirePositive("id-prior-sigma", idPriorSigma);
        requirePositive("exp-prior-sigma", expPriorSigma);
    }

    private static void requirePositive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, got " + value);
        }
    }
}
