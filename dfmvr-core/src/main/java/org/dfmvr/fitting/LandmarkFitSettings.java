package org.dfmvr.fitting;

import java.io.Serializable;

/**
 * How {@link MultiViewLandmarkFit} refines a reconstruction ({@code dfmvr.infer.landmark-fit.*}). The objective is
 * the negative log posterior: landmark reprojection residuals with scale {@code landmarkSigmaPx} under the
 * {@code robust} loss, plus {@code priorWeight} times the zero-mean Gaussian priors of the identity and expression
 * coefficients with standard deviations {@code idPriorSigma} and {@code expPriorSigma} (coefficient units of the face
 * model).
 *
 * @param enabled         refine at all
 * @param maxIterations   Levenberg-Marquardt iterations (accepted or rejected steps), &gt;= 1
 * @param landmarkSigmaPx expected landmark noise, pixels of the crop, &gt; 0
 * @param idPriorSigma    prior standard deviation of identity coefficients, &gt; 0
 * @param expPriorSigma   prior standard deviation of expression coefficients, &gt; 0
 * @param robust          the loss of one landmark's 2D residual: Gaussian (squared), Huber or Tukey
 * @param robustScalePx   where the robust loss departs from the squared one, pixels, &gt; 0 (unused for
 *                        {@link RobustLoss#NONE})
 * @param priorWeight     multiplies both prior terms, &gt;= 0: larger keeps the face nearer the mean (plausible but
 *                        less like the landmarks), smaller follows the landmarks (and their errors) more; 0 = none
 * @param useDetected     also fit views whose landmarks the shipped landmark network detected on the photo (source
 *                        {@code detected}); off by default because their systematic offsets from the face model's
 *                        landmark vertices pull the shape further from the face than the mean face is
 *                        (docs/infer.md, "68-point landmarks")
 */
public record LandmarkFitSettings(boolean enabled, int maxIterations, double landmarkSigmaPx, double idPriorSigma,
                                  double expPriorSigma, RobustLoss robust, double robustScalePx, double priorWeight,
                                  boolean useDetected)
        implements Serializable {
    /** No refinement: the network's output is the reconstruction. */
    public static final LandmarkFitSettings OFF = new LandmarkFitSettings(false, 1, 1, 1, 1);

    /** The loss applied to one landmark's reprojection distance r (pixels), with scale c = robustScalePx. */
    public enum RobustLoss {
        /** r^2: every landmark counts fully, an outlier pulls in proportion to its error. */
        NONE,
        /** r^2 up to c, then 2cr - c^2: an outlier's pull is capped at that of a point c away. */
        HUBER,
        /** Tukey's biweight, (c^2/3)(1 - (1 - (r/c)^2)^3) up to c, then c^2/3: points beyond c are ignored. */
        TUKEY
    }

    /** Squared loss (robust scale 3 px, unused) and prior weight 1: the plain maximum a posteriori fit. */
    public LandmarkFitSettings(boolean enabled, int maxIterations, double landmarkSigmaPx, double idPriorSigma,
                               double expPriorSigma) {
        this(enabled, maxIterations, landmarkSigmaPx, idPriorSigma, expPriorSigma, RobustLoss.NONE, 3, 1, true);
    }

    /** These settings with another loss and scale. */
    public LandmarkFitSettings withRobust(RobustLoss loss, double scalePx) {
        return new LandmarkFitSettings(enabled, maxIterations, landmarkSigmaPx, idPriorSigma, expPriorSigma, loss,
                scalePx, priorWeight, useDetected);
    }

    /** These settings with another prior weight. */
    public LandmarkFitSettings withPriorWeight(double weight) {
        return new LandmarkFitSettings(enabled, maxIterations, landmarkSigmaPx, idPriorSigma, expPriorSigma, robust,
                robustScalePx, weight, useDetected);
    }

    /** These settings, fitting detected landmarks too or not. */
    public LandmarkFitSettings withUseDetected(boolean use) {
        return new LandmarkFitSettings(enabled, maxIterations, landmarkSigmaPx, idPriorSigma, expPriorSigma, robust,
                robustScalePx, priorWeight, use);
    }

    public LandmarkFitSettings {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max-iterations must be >= 1, got " + maxIterations);
        }
        requirePositive("landmark-sigma-px", landmarkSigmaPx);
        requirePositive("id-prior-sigma", idPriorSigma);
        requirePositive("exp-prior-sigma", expPriorSigma);
        if (robust == null) {
            throw new IllegalArgumentException("robust must be none, huber or tukey, got null");
        }
        requirePositive("robust-scale-px", robustScalePx);
        if (!(priorWeight >= 0) || !Double.isFinite(priorWeight)) {
            throw new IllegalArgumentException("prior-weight must be a finite number >= 0, got " + priorWeight);
        }
    }

    private static void requirePositive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, got " + value);
        }
    }
}
