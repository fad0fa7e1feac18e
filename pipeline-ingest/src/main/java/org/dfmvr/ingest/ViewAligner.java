package org.dfmvr.ingest;

import org.dfmvr.dataset.FivePointAlignment;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.dataset.WeightMap;

import java.awt.image.BufferedImage;

/**
 * The alignment every reader shares: five image points to the configured template, crop, and carry landmarks and
 * label maps through the same transform, so all sources produce identical crops for identical faces.
 */
public final class ViewAligner {
    private ViewAligner() {
    }

    /**
     * @param points5     [5][2] source pixels: left eye centre, right eye centre, nose tip, left/right mouth corner
     * @param landmarks68 [68,2] source pixels, or null; transformed into crop pixels (a copy)
     * @param parse       [H,W] source parse labels 0..9 aligned with {@code image}, or null; resampled by nearest
     *                    neighbour into the crop
     */
    public static ViewRecord align(IngestSettings s, String view, String sourcePath, BufferedImage image,
                                   double[][] points5, float[] landmarks68, int[] parse, Double yaw) {
        return align(s, view, sourcePath, image, points5, landmarks68, null,
                landmarks68 == null ? null : ViewRecord.LANDMARKS_DATASET, parse, yaw);
    }

    /**
     * @param landmarks68        [68,2] source pixels (not quantised to any crop), or null
     * @param landmarks68Weights [68] 1 trusted / 0 set aside, or null = all trusted
     * @param landmarksSource    {@link ViewRecord#LANDMARKS_SOURCES}, null without landmarks
     */
    public static ViewRecord align(IngestSettings s, String view, String sourcePath, BufferedImage image,
                                   double[][] points5, float[] landmarks68, float[] landmarks68Weights,
                                   String landmarksSource, int[] parse, Double yaw) {
        FivePointAlignment.Transform t;
        try {
            t = FivePointAlignment.fit(points5, s.template5(), s.pixelsPerMm(), s.imageSize());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("align", view + " view: " + e.getMessage());
        }
        float[] lm = null;
        if (landmarks68 != null) {
            lm = landmarks68.clone();
            t.applyInPlace(lm);
        }
        byte[] parsePng = null, weightPng = null;
        if (parse != null) {
            int[] cropLabels = cropLabels(parse, image.getWidth(), image.getHeight(), t);
            parsePng = RawImages.grayPng(cropLabels, s.imageSize(), s.imageSize());
            weightPng = RawImages.grayPng(WeightMap.of(cropLabels, s.imageSize(), s.imageSize(), s.weightMapKernel()),
                    s.imageSize(), s.imageSize());
        }
        return new ViewRecord(view, RawImages.png(t.crop(image)), s.imageSize(), parsePng, weightPng, lm, yaw,
                new double[] {t.scale(), t.centreX(), t.centreY()}, sourcePath,
                landmarks68Weights == null ? null : landmarks68Weights.clone(), landmarksSource);
    }

    /** Nearest-neighbour resampling of a label map through {@code t} (labels must not be blended). */
    static int[] cropLabels(int[] labels, int width, int height, FivePointAlignment.Transform t) {
        int n = t.size();
        int[] out = new int[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int sx = (int) Math.floor((x + 0.5 - n / 2.0) / t.scale() + t.centreX());
                int sy = (int) Math.floor((y + 0.5 - n / 2.0) / t.scale() + t.centreY());
                out[y * n + x] = sx >= 0 && sy >= 0 && sx < width && sy < height ? labels[sy * width + sx] : 0;
            }
        }
        return out;
    }
}
