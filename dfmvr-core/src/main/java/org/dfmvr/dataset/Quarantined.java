package org.dfmvr.dataset;

/**
 * A record a job could not use, kept with its reason instead of being dropped (the {@code _quarantine} table).
 *
 * @param inputPath the file (or sample folder) at fault
 * @param sampleId  the sample it belonged to, if known, else empty
 * @param stage     where it failed: {@code list}, {@code read}, {@code decode}, {@code align}, {@code validate}
 * @param reason    what was wrong, with expected and actual where it applies
 */
public record Quarantined(String inputPath, String sampleId, String stage, String reason) {
}
