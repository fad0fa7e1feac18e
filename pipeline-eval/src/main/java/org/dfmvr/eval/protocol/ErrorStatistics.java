package org.dfmvr.eval.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Statistics over errors and the aggregation of per-sample evaluations into a batch summary. */
public final class ErrorStatistics {
    private ErrorStatistics() {
    }

    /** Count, mean, population std, median, RMS and max of {@code values}; {@link ErrorSummary#EMPTY} for none. */
    public static ErrorSummary summarize(double[] values) {
        if (values.length == 0) {
            return ErrorSummary.EMPTY;
        }
        double sum = 0, sumSq = 0, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            sumSq += v * v;
            max = Math.max(max, v);
        }
        double mean = sum / values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new ErrorSummary(values.length, mean, Math.sqrt(var / values.length), percentile(values, 50),
                Math.sqrt(sumSq / values.length), max);
    }

    /**
     * Percentile with linear interpolation between order statistics (numpy's default "linear" method): position
     * p/100 * (n-1) in the sorted values.
     *
     * @param percent in [0, 100]
     */
    public static double percentile(double[] values, double percent) {
        return percentiles(values, percent)[0];
    }

    /** {@link #percentile} for several levels at once (one sort). */
    public static double[] percentiles(double[] values, double... percents) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[percents.length];
        for (int k = 0; k < percents.length; k++) {
            double p = percents[k];
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException("percent must be in [0,100], got " + p);
            }
            double pos = p / 100 * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            out[k] = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        }
        return out;
    }

    /**
     * Fraction of {@code values} at or below {@code steps + 1} evenly spaced thresholds 0, max/steps, ..., max.
     *
     * @param maxThreshold largest threshold, &gt; 0 (mm)
     * @param steps        number of intervals, &gt;= 1
     */
    public static CumulativeErrorCurve cumulativeCurve(double[] values, double maxThreshold, int steps) {
        if (!(maxThreshold > 0) || steps < 1) {
            throw new IllegalArgumentException("need maxThreshold > 0 and steps >= 1, got " + maxThreshold + " and "
                    + steps);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] thresholds = new double[steps + 1];
        double[] fractions = new double[steps + 1];
        int below = 0;
        for (int k = 0; k <= steps; k++) {
            thresholds[k] = maxThreshold * k / steps;
            while (below < sorted.length && sorted[below] <= thresholds[k]) {
                below++;
            }
            fractions[k] = sorted.length == 0 ? Double.NaN : below / (double) sorted.length;
        }
        return new CumulativeErrorCurve(thresholds, fractions);
    }

    /**
     * Aggregates samples evaluated with one protocol and one parameter set.
     *
     * <p>Samples already flagged are excluded; of the rest, a sample whose headline exceeds {@code outlierFactor}
     * times their median headline gets {@link RegistrationFlag#RESIDUAL_OUTLIER} and is excluded too.
     *
     * @param samples       evaluations, all with the same {@link ProtocolStamp}
     * @param outlierFactor &gt; 1, or {@code Double.POSITIVE_INFINITY} to flag no outliers
     * @param percents      percentile levels in [0,100] reported over the per-sample headlines
     * @param curveMaxMm    largest threshold of the cumulative curves, mm
     * @param curveSteps    intervals of the cumulative curves
     * @throws IllegalArgumentException when the stamps differ (names both), or a parameter is out of range
     */
    public static BatchSummary aggregate(List<SampleEvaluation> samples, double outlierFactor, double[] percents,
                                         double curveMaxMm, int curveSteps) {
        return aggregateScores(samples.stream().map(SampleScore::of).toList(), outlierFactor, percents, curveMaxMm,
                curveSteps);
    }

    /**
     * {@link #aggregate} over the parts of each evaluation that the statistics use, for callers that moved the
     * evaluations across processes as {@link SampleScore}s (the eval job collects them from Spark executors).
     */
    public static BatchSummary aggregateScores(List<SampleScore> samples, double outlierFactor, double[] percents,
                                               double curveMaxMm, int curveSteps) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        if (!(outlierFactor > 1)) {
            throw new IllegalArgumentException("outlierFactor must be > 1 (or +Infinity), got " + outlierFactor);
        }
        ProtocolStamp stamp = samples.get(0).stamp();
        for (int i = 1; i < samples.size(); i++) {
            if (!samples.get(i).stamp().equals(stamp)) {
                throw new IllegalArgumentException("sample " + i + " was computed with " + samples.get(i).stamp()
                        + " but sample 0 with " + stamp + "; refusing to aggregate different protocols or parameters");
            }
        }
        List<Set<RegistrationFlag>> flags = new ArrayList<>();
        List<Double> okHeadlines = new ArrayList<>();
        for (SampleScore s : samples) {
            flags.add(s.flags().isEmpty() ? EnumSet.noneOf(RegistrationFlag.class) : EnumSet.copyOf(s.flags()));
            if (s.flags().isEmpty()) {
                okHeadlines.add(s.headlineMm());
            }
        }
        if (!okHeadlines.isEmpty() && outlierFactor != Double.POSITIVE_INFINITY) {
            double median = percentile(okHeadlines.stream().mapToDouble(Double::doubleValue).toArray(), 50);
            for (int i = 0; i < samples.size(); i++) {
                if (flags.get(i).isEmpty() && samples.get(i).headlineMm() > outlierFactor * median) {
                    flags.get(i).add(RegistrationFlag.RESIDUAL_OUTLIER);
                }
            }
        }
        List<Double> headlines = new ArrayList<>();
        List<double[]> vertexErrors = new ArrayList<>();
        int vertexCount = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (flags.get(i).isEmpty()) {
                headlines.add(samples.get(i).headlineMm());
                vertexErrors.add(samples.get(i).perVertexErrorMm());
                vertexCount += samples.get(i).perVertexErrorMm().length;
            }
        }
        double[] perSample = headlines.stream().mapToDouble(Double::doubleValue).toArray();
        double[] allVertices = new double[vertexCount];
        int o = 0;
        for (double[] e : vertexErrors) {
            System.arraycopy(e, 0, allVertices, o, e.length);
            o += e.length;
        }
        double[] perSamplePercentiles = perSample.length == 0 ? filledNaN(percents.length)
                : percentiles(perSample, percents);
        return new BatchSummary(stamp, samples.size(), flags, summarize(perSample), percents.clone(),
                perSamplePercentiles, cumulativeCurve(perSample, curveMaxMm, curveSteps), summarize(allVertices),
                cumulativeCurve(allVertices, curveMaxMm, curveSteps));
    }

    private static double[] filledNaN(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
