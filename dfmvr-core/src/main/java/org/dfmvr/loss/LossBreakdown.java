package org.dfmvr.loss;

/**
 * The terms of the weakly supervised objective, unweighted, and the weighted total; for one example or the mean
 * over a batch.
 *
 * @param total            weighted sum (what is minimised)
 * @param photo            photo term, mean over present views (RGB distance in [0,1] units)
 * @param landmarks2d      2D landmark term, mean over present views, pixels
 * @param landmarks3d      3D landmark term, model units (0 for examples without 3D landmarks)
 * @param coefficientPrior id/exp/tex L2 prior
 * @param gammaPrior       SH monochrome prior
 * @param reflectance      albedo skin-consistency prior
 * @param mask             parse-net cross-entropy, mean over present views (0 when the mask term is off)
 * @param degeneratePixels   covered pixels whose triangle was too thin to differentiate (summed, not averaged)
 * @param alignmentFallbacks examples whose exact alignment derivative was undefined (degenerate alignment points),
 *                           backpropagated with the alignment held constant instead (summed)
 * @param nonFiniteExamples  examples whose loss or gradient was not finite: they contribute 0 to the score and to
 *                           the gradient, and are counted here (summed)
 */
public record LossBreakdown(double total, double photo, double landmarks2d, double landmarks3d,
                            double coefficientPrior, double gammaPrior, double reflectance, double mask,
                            long degeneratePixels,
                            long alignmentFallbacks, long nonFiniteExamples) {
    /** The all-zero breakdown. */
    public static LossBreakdown zero() {
        return new LossBreakdown(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The breakdown of an example whose loss or gradient was not finite: zero terms, counted once. */
    public static LossBreakdown nonFinite(long degeneratePixels) {
        return new LossBreakdown(0, 0, 0, 0, 0, 0, 0, 0, degeneratePixels, 0, 1);
    }

    /** Term-wise sum. */
    public LossBreakdown plus(LossBreakdown o) {
        return new LossBreakdown(total + o.total, photo + o.photo, landmarks2d + o.landmarks2d,
                landmarks3d + o.landmarks3d, coefficientPrior + o.coefficientPrior, gammaPrior + o.gammaPrior,
                reflectance + o.reflectance, mask + o.mask, degeneratePixels + o.degeneratePixels,
                alignmentFallbacks + o.alignmentFallbacks, nonFiniteExamples + o.nonFiniteExamples);
    }

    /** Every term divided by n; the counts are kept as sums. */
    public LossBreakdown dividedBy(int n) {
        return new LossBreakdown(total / n, photo / n, landmarks2d / n, landmarks3d / n, coefficientPrior / n,
                gammaPrior / n, reflectance / n, mask / n, degeneratePixels, alignmentFallbacks, nonFiniteExamples);
    }
}
