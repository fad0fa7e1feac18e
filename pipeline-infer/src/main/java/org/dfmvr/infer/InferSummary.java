package org.dfmvr.infer;

/**
 * The metrics JSON of one infer run ({@code <out>/metrics.json}). Counts reconcile:
 * {@code listed = reconstructed + unchanged + quarantined}.
 *
 * @param listed            samples found in the input (including those quarantined at listing)
 * @param reconstructed     samples run through the network this run
 * @param unchanged         samples skipped because content hash and bundle version match the previous result
 * @param quarantined       samples in {@code quarantine/} (listing + reading/decoding/alignment failures)
 * @param lowQuality        rows of the result table flagged {@code low_quality} after this run
 * @param results           rows of the result table after this run
 * @param seconds           wall time of the run, s
 * @param reconstructedPerSecond reconstructed / seconds
 * @param landmarkFitted    samples of this run refined by the landmark fit
 * @param landmarkFitInitialRmsPx mean over those samples of the RMS landmark reprojection error of the network's
 *                          output, pixels; null when none was fitted
 * @param landmarkFitFinalRmsPx the same after the fit
 * @param landmarkDetectedViews views of this run's samples whose 68 landmarks the shipped network detected (not
 *                          from a sidecar or the dataset)
 * @param landmarkDetectedSamples samples of this run with at least one such view
 * @param landmarkViews     views of this run's samples with landmarks of any source
 */
public record InferSummary(String input, String inputKind, String out, String bundle, String bundleVersion,
                           String runId, long listed, long reconstructed, long unchanged, long quarantined,
                           long lowQuality, long results, double seconds, double reconstructedPerSecond,
                           long landmarkFitted, Double landmarkFitInitialRmsPx, Double landmarkFitFinalRmsPx,
                           long landmarkDetectedViews, long landmarkDetectedSamples, long landmarkViews) {
}
