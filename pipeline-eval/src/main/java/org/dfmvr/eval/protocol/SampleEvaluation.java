package org.dfmvr.eval.protocol;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.dfmvr.geometry.IcpResult;
import org.dfmvr.geometry.SimilarityTransform;

/**
 * One prediction evaluated against one scan.
 *
 * @param stamp             how it was computed
 * @param headlineMm        the protocol's per-sample number in mm: the RMSE of point-to-plane distances for
 *                          "pointplane", the mean unsigned point-to-surface distance for "now"; NaN when the crop
 *                          was too small
 * @param summary           summary of {@code perVertexErrorMm}
 * @param scanVertexIndices [K] 0-based indices of the scan vertices kept by the crop, increasing
 * @param perVertexErrorMm  [K] error of each kept scan vertex in mm (unsigned), aligned with
 *                          {@code scanVertexIndices}; for error maps
 * @param predictedToScan   the final registration of the prediction onto the scan (scan unit); the landmark fit when
 *                          the crop was too small for ICP
 * @param refinement        the ICP run (its source is the cropped scan, its target the landmark-aligned prediction),
 *                          or null when the crop was too small
 * @param flags             why the registration is not trusted; empty when it is
 */
public record SampleEvaluation(ProtocolStamp stamp, double headlineMm, ErrorSummary summary, int[] scanVertexIndices,
                               double[] perVertexErrorMm, SimilarityTransform predictedToScan, IcpResult refinement,
                               Set<RegistrationFlag> flags) {
    public SampleEvaluation {
        if (scanVertexIndices.length != perVertexErrorMm.length) {
            throw new IllegalArgumentException("scanVertexIndices [K] and perVertexErrorMm [K] differ: "
                    + scanVertexIndices.length + " vs " + perVertexErrorMm.length);
        }
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(RegistrationFlag.class)
                : EnumSet.copyOf(flags));
    }

    /** True when no flag is set: the sample may be averaged in. */
    public boolean registrationOk() {
        return flags.isEmpty();
    }
}
