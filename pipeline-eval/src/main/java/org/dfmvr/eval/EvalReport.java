package org.dfmvr.eval;

import java.util.List;
import org.dfmvr.eval.protocol.BatchSummary;
import org.dfmvr.eval.protocol.ErrorStatistics;
import org.dfmvr.eval.protocol.ErrorSummary;
import org.dfmvr.eval.protocol.ProtocolStamp;

/**
 * Everything one eval run reports: one {@link SetReport} per prediction set, all computed under one
 * {@link ProtocolStamp}. Construction refuses sets with different stamps, so a comparison report never puts side by
 * side numbers computed differently.
 *
 * @param stamp the protocol, version and parameter hash shared by every set
 * @param gt    the ground-truth URI
 * @param sets  [S] prediction sets, in the order given, S &gt;= 1
 */
public record EvalReport(ProtocolStamp stamp, String gt, List<SetReport> sets) {
    public EvalReport {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one prediction set");
        }
        for (SetReport s : sets) {
            if (!s.summary().stamp().equals(stamp)) {
                throw new IllegalArgumentException("prediction set '" + s.name() + "' was evaluated with "
                        + s.summary().stamp() + " but the report with " + stamp
                        + "; refusing to compare numbers computed with different protocols or parameters");
            }
        }
        sets = List.copyOf(sets);
    }

    /**
     * One prediction set's results.
     *
     * @param name        the set's name
     * @param uri         its folder
     * @param summary     aggregate over its samples (flagged samples counted, not averaged in)
     * @param samples     [N] per-sample results, in the order of {@code summary.sampleFlags()}
     * @param quarantined entries that could not be evaluated
     * @param renders     error-map renders of the best, median and worst included samples (fewer when fewer are
     *                    included)
     */
    public record SetReport(String name, String uri, BatchSummary summary, List<SampleResult> samples,
                            List<QuarantineEntry> quarantined, List<ErrorMapRender> renders) {
        public SetReport {
            if (samples.size() != summary.sampleCount()) {
                throw new IllegalArgumentException("set '" + name + "': " + samples.size() + " samples but the summary"
                        + " counts " + summary.sampleCount());
            }
            samples = List.copyOf(samples);
            quarantined = List.copyOf(quarantined);
            renders = List.copyOf(renders);
        }

        /**
         * Summary of the headline over every evaluated sample with a number, flagged ones included (the summary's
         * {@code perSample()} covers the unflagged ones only). A sample whose registration failed has no headline
         * (NaN) and is left out; the summary's count says how many were averaged.
         */
        public ErrorSummary allSamples() {
            return ErrorStatistics.summarize(samples.stream().mapToDouble(r -> r.score().headlineMm())
                    .filter(Double::isFinite).toArray());
        }
    }

    /**
     * A rendered per-vertex error map.
     *
     * @param role       "best", "median" or "worst"
     * @param sampleId   the sample shown
     * @param headlineMm its headline error, mm
     * @param png        the PNG file's bytes
     */
    public record ErrorMapRender(String role, String sampleId, double headlineMm, byte[] png) {
    }
}
