package org.dfmvr.eval.protocol;

/**
 * Summary of a set of non-negative errors (same unit as the errors, here millimetres).
 *
 * @param count  number of values
 * @param mean   arithmetic mean
 * @param std    population standard deviation (divide by count, numpy's default, as NoW's cumulative_errors.py)
 * @param median 50th percentile (linear interpolation)
 * @param rms    root mean square, sqrt(mean(v^2))
 * @param max    largest value
 */
public record ErrorSummary(int count, double mean, double std, double median, double rms, double max) {
    /** The summary of no values: count 0, every statistic NaN. */
    public static final ErrorSummary EMPTY = new ErrorSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);
}
