package org.dfmvr.dataset;

/**
 * One aligned view of a {@link MultiViewSample}, as stored in a shard row (schema v1, docs/dataset-schema.md).
 *
 * @param view        {@code left}, {@code front} or {@code right}
 * @param imagePng    the aligned crop, PNG, RGB 8-bit, {@code size x size}
 * @param size        crop side in pixels
 * @param parsePng    parse labels 0..9 as an 8-bit gray PNG (same size), or null when the source has none
 * @param weightPng   photometric weight map (32/128/254) as an 8-bit gray PNG, or null without parse labels
 * @param landmarks68 [68,2] row-major crop pixels (x right, y down, pixel-corner origin), or null ({@code no_lm68})
 * @param yawDegrees  the view's nominal yaw if the source knows it (negative = subject's right side visible), or null
 * @param alignment   {scale, centreX, centreY}: source pixels to crop pixels, see {@link FivePointAlignment.Transform}
 * @param sourcePath  the raw image this view was cut from
 * @param landmarks68Weights [68] 1 for a point a fit or a loss may trust, 0 for one the landmark detector's
 *                    plausibility rule set aside (far-side jaw of a turned face, outside the crop); null = all 68
 *                    trusted (always null without {@code landmarks68})
 * @param landmarksSource where {@code landmarks68} came from: {@value #LANDMARKS_DETECTED} (the shipped 68-point
 *                    network on the photo), {@value #LANDMARKS_SIDECAR} (a {@code .lm68.txt} file next to the photo),
 *                    {@value #LANDMARKS_DATASET} (the dataset's own annotation); null without landmarks or in shards
 *                    written before the column existed
 */
public record ViewRecord(String view, byte[] imagePng, int size, byte[] parsePng, byte[] weightPng,
                         float[] landmarks68, Double yawDegrees, double[] alignment, String sourcePath,
                         float[] landmarks68Weights, String landmarksSource) {
    public static final java.util.List<String> NAMES = java.util.List.of("left", "front", "right");
    public static final String LANDMARKS_DETECTED = "detected";
    public static final String LANDMARKS_SIDECAR = "sidecar";
    public static final String LANDMARKS_DATASET = "dataset";
    public static final java.util.List<String> LANDMARKS_SOURCES =
            java.util.List.of(LANDMARKS_DETECTED, LANDMARKS_SIDECAR, LANDMARKS_DATASET);

    /** A view whose landmarks (if any) are all trusted and of unrecorded source. */
    public ViewRecord(String view, byte[] imagePng, int size, byte[] parsePng, byte[] weightPng,
                      float[] landmarks68, Double yawDegrees, double[] alignment, String sourcePath) {
        this(view, imagePng, size, parsePng, weightPng, landmarks68, yawDegrees, alignment, sourcePath, null, null);
    }

    public ViewRecord {
        if (!NAMES.contains(view)) {
            throw new IllegalArgumentException("view must be one of " + NAMES + ", got " + view);
        }
        if (landmarks68 != null && landmarks68.length != 136) {
            throw new IllegalArgumentException("landmarks68 must be [68,2], got " + landmarks68.length + " values");
        }
        if (alignment == null || alignment.length != 3) {
            throw new IllegalArgumentException("alignment must be {scale, centreX, centreY}");
        }
        if (landmarks68Weights != null && (landmarks68 == null || landmarks68Weights.length != 68)) {
            throw new IllegalArgumentException("landmarks68Weights need landmarks68 and 68 values, got "
                    + landmarks68Weights.length + (landmarks68 == null ? " without landmarks68" : ""));
        }
        if (landmarksSource != null && (landmarks68 == null || !LANDMARKS_SOURCES.contains(landmarksSource))) {
            throw new IllegalArgumentException("landmarksSource must be one of " + LANDMARKS_SOURCES
                    + " and needs landmarks68, got " + landmarksSource);
        }
    }

    /** Whether point {@code k} of {@link #landmarks68} may be trusted (false without landmarks). */
    public boolean landmarkTrusted(int k) {
        return landmarks68 != null && (landmarks68Weights == null || landmarks68Weights[k] > 0);
    }

    /**
     * {@link #landmarks68} with the points of weight 0 replaced by NaN (the fit and the losses skip non-finite
     * points), or null without landmarks.
     */
    public float[] trustedLandmarks68() {
        if (landmarks68 == null) {
            return null;
        }
        float[] out = landmarks68.clone();
        for (int k = 0; k < 68; k++) {
            if (!landmarkTrusted(k)) {
                out[2 * k] = Float.NaN;
                out[2 * k + 1] = Float.NaN;
            }
        }
        return out;
    }
}
