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
 */
public record ViewRecord(String view, byte[] imagePng, int size, byte[] parsePng, byte[] weightPng,
                         float[] landmarks68, Double yawDegrees, double[] alignment, String sourcePath) {
    public static final java.util.List<String> NAMES = java.util.List.of("left", "front", "right");

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
    }
}
