package org.dfmvr.eval.protocol;

import java.util.List;
import java.util.Set;

/**
 * Aggregate of the samples of one protocol and parameter set ({@link ErrorStatistics#aggregate}); flagged samples
 * are counted but not included in any statistic.
 *
 * @param stamp                shared by all samples
 * @param sampleCount          samples given
 * @param sampleFlags          [sampleCount] flags per sample, in input order, including
 *                             {@link RegistrationFlag#RESIDUAL_OUTLIER}; empty = included
 * @param perSample            summary of the included samples' headline numbers (mm): the paper's "mean RMSE"
 *                             for "pointplane"
 * @param percentLevels        [P] percentile levels, percent
 * @param perSamplePercentiles [P] percentiles of the included headlines (mm)
 * @param perSampleCurve       cumulative curve of the included headlines
 * @param allVertices          summary of all included per-vertex errors concatenated (mm): NoW's reported
 *                             median / mean / std
 * @param allVerticesCurve     cumulative curve of all included per-vertex errors (NoW's plot)
 */
public record BatchSummary(ProtocolStamp stamp, int sampleCount, List<Set<RegistrationFlag>> sampleFlags,
                           ErrorSummary perSample, double[] percentLevels, double[] perSamplePercentiles,
                           CumulativeErrorCurve perSampleCurve, ErrorSummary allVertices,
                           CumulativeErrorCurve allVerticesCurve) {
    public BatchSummary {
        sampleFlags = List.copyOf(sampleFlags.stream().map(Set::copyOf).toList());
    }

    /** Number of samples included in the statistics. */
    public int includedCount() {
        return (int) sampleFlags.stream().filter(Set::isEmpty).count();
    }
}
