package org.dfmvr.eval;

import java.io.Serializable;

/**
 * A prediction or ground-truth file the eval could not use, with the reason (the report's quarantine table; the
 * eval counterpart of {@link org.dfmvr.dataset.Quarantined}, plus the prediction set).
 *
 * @param predictionSet the set it belongs to
 * @param inputPath     the file at fault
 * @param sampleId      the sample
 * @param stage         {@code pair} (unpaired), {@code read} (missing or unreadable file), {@code evaluate}
 *                      (the protocol failed unexpectedly)
 * @param reason        what was wrong, with expected and actual where it applies
 */
public record QuarantineEntry(String predictionSet, String inputPath, String sampleId, String stage, String reason)
        implements Serializable {
}
