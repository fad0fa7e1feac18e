package org.dfmvr.eval;

import java.io.Serializable;
import org.dfmvr.eval.protocol.ErrorSummary;
import org.dfmvr.eval.protocol.SampleEvaluation;
import org.dfmvr.eval.protocol.SampleScore;

/**
 * What a task sends back for one evaluated pair: the score the statistics need, the per-vertex errors for the
 * error-map renders, and the registration diagnostics for the per-sample table.
 *
 * @param pair              the pair evaluated
 * @param score             stamp, headline (mm), flags, per-vertex errors [K] (mm)
 * @param scanVertexIndices [K] 0-based scan vertex ids of {@code score.perVertexErrorMm()}
 * @param meanMm            mean of the per-vertex errors, mm
 * @param medianMm          median of the per-vertex errors, mm
 * @param stdMm             population standard deviation of the per-vertex errors, mm
 * @param rmsMm             RMS of the per-vertex errors, mm
 * @param maxMm             largest per-vertex error, mm
 * @param icpIterations     ICP updates, 0 when ICP did not run
 * @param icpTermination    why ICP stopped ({@link org.dfmvr.geometry.IcpResult.Termination}), or "not_run"
 * @param scale             scale of the final prediction-to-scan registration (scan unit per prediction unit)
 */
public record SampleResult(PairRef pair, SampleScore score, int[] scanVertexIndices, double meanMm, double medianMm,
                           double stdMm, double rmsMm, double maxMm, int icpIterations, String icpTermination,
                           double scale) implements Serializable {

    /** The result of one evaluation. */
    public static SampleResult of(PairRef pair, SampleEvaluation e) {
        ErrorSummary s = e.summary();
        return new SampleResult(pair, SampleScore.of(e), e.scanVertexIndices(), s.mean(), s.median(), s.std(), s.rms(),
                s.max(), e.refinement() == null ? 0 : e.refinement().iterations(),
                e.refinement() == null ? "not_run" : e.refinement().termination().name().toLowerCase(java.util.Locale.ROOT),
                e.predictedToScan().scale());
    }
}
