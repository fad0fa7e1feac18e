package org.dfmvr.synth;

import java.io.Serializable;
import java.util.List;

/**
 * How synthetic multi-view samples are drawn. Coefficients are N(0, sigma) in the model's basis units (the synthetic
 * model's bases are scaled so N(0,1) gives plausible faces, docs/facemodel.md).
 *
 * @param imageSize           square image side, pixels
 * @param yawsDegrees         one view per entry, in left/front/right order; yaw of the head about +y, degrees
 * @param yawJitterDegrees    uniform +- jitter added to each view's yaw
 * @param tiltJitterDegrees   uniform +- jitter of pitch and roll
 * @param translationJitterMm uniform +- jitter of x, y, z translation, millimetres
 * @param idSigma             std of identity coefficients
 * @param expSigma            std of expression coefficients (expression 0 of every subject is neutral: all zero)
 * @param texSigma            std of albedo coefficients
 * @param lightSigma          std of the 27 SH coefficients (on top of Deep3DFace's 0.8 ambient)
 * @param noiseSigma          std of additive Gaussian camera noise, in [0,1] intensity
 * @param landmarkNoisePx     std of Gaussian noise added to each stored 2D landmark coordinate, pixels of the image
 *                            (a landmark detector's or annotator's error); 0 stores the exact projections, &gt;= 0
 * @param backgrounds         kinds drawn uniformly: {@code flat}, {@code noise}, {@code textured}
 */
public record SynthSettings(int imageSize, List<Double> yawsDegrees, double yawJitterDegrees, double tiltJitterDegrees,
                            double translationJitterMm, double idSigma, double expSigma, double texSigma,
                            double lightSigma, double noiseSigma, double landmarkNoisePx,
                            List<String> backgrounds) implements Serializable {
    public static final List<String> BACKGROUNDS = List.of("flat", "noise", "textured");
    public static final List<String> VIEW_NAMES = List.of("left", "front", "right");

    public SynthSettings {
        if (imageSize < 16) {
            throw new IllegalArgumentException("imageSize must be >= 16, got " + imageSize);
        }
        if (yawsDegrees.isEmpty() || yawsDegrees.size() > 3) {
            throw new IllegalArgumentException("1..3 yaws (left, front, right), got " + yawsDegrees);
        }
        if (backgrounds.isEmpty() || !BACKGROUNDS.containsAll(backgrounds)) {
            throw new IllegalArgumentException("backgrounds must be a non-empty subset of " + BACKGROUNDS + ", got "
                    + backgrounds);
        }
        if (!(landmarkNoisePx >= 0) || !Double.isFinite(landmarkNoisePx)) {
            throw new IllegalArgumentException("landmark-noise-px must be a finite number >= 0, got "
                    + landmarkNoisePx);
        }
        yawsDegrees = List.copyOf(yawsDegrees);
        backgrounds = List.copyOf(backgrounds);
    }

    /** The name of view {@code i}: with 3 yaws left/front/right; with fewer, by the sign of the yaw. */
    public String viewName(int i) {
        if (yawsDegrees.size() == 3) {
            return VIEW_NAMES.get(i);
        }
        double yaw = yawsDegrees.get(i);
        return yaw < 0 ? "left" : yaw > 0 ? "right" : "front";
    }
}
