package org.dfmvr.ingest;

/**
 * What an ingest run did; written as {@code _summary.json} beside the shards. {@code read = ok + quarantined} always.
 *
 * @param read        samples listed (usable or not)
 * @param ok          samples written to the shards
 * @param quarantined samples in {@code _quarantine} with a reason
 * @param perSplit    rows written per split
 */
public record IngestSummary(String source, String input, String output, int schemaVersion, long read, long ok,
                            long quarantined, java.util.Map<String, Long> perSplit, double seconds,
                            double samplesPerSecond) {
    public IngestSummary {
        if (read != ok + quarantined) {
            throw new IllegalStateException("counts do not reconcile: read " + read + " != ok " + ok
                    + " + quarantined " + quarantined);
        }
    }
}
