package org.dfmvr.eval.protocol;

/**
 * Cumulative error curve: the fraction of values at or below each threshold (NoW's cumulative_errors.py plot).
 *
 * @param thresholds   [K] increasing error thresholds (mm), starting at 0
 * @param fractionAtOrBelow [K] fraction of values &lt;= thresholds[k], in [0,1], non-decreasing
 */
public record CumulativeErrorCurve(double[] thresholds, double[] fractionAtOrBelow) {
    public CumulativeErrorCurve {
        if (thresholds.length != fractionAtOrBelow.length) {
            throw new IllegalArgumentException("thresholds and fractions must have the same length, got "
                    + thresholds.length + " and " + fractionAtOrBelow.length);
        }
    }
}
