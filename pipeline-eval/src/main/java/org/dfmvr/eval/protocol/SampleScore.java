package org.dfmvr.eval.protocol;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The part of a {@link SampleEvaluation} that {@link ErrorStatistics#aggregateScores} uses: small and
 * {@link Serializable}, so a distributed job can move it from the task that evaluated the sample to the driver.
 *
 * @param stamp            how it was computed
 * @param headlineMm       the protocol's per-sample number, mm
 * @param flags            registration flags; empty = trusted
 * @param perVertexErrorMm [K] unsigned error of each cropped scan vertex, mm
 */
public record SampleScore(ProtocolStamp stamp, double headlineMm, Set<RegistrationFlag> flags,
                          double[] perVertexErrorMm) implements Serializable {
    public SampleScore {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(RegistrationFlag.class)
                : EnumSet.copyOf(flags));
    }

    /** The score of one evaluation. */
    public static SampleScore of(SampleEvaluation e) {
        return new SampleScore(e.stamp(), e.headlineMm(), e.flags(), e.perVertexErrorMm());
    }
}
