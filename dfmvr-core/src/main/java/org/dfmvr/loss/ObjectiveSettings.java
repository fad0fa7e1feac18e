package org.dfmvr.loss;

import java.util.Objects;

/**
 * Settings of the weakly supervised objective, validated at construction.
 *
 * @param imageSize         square image side, pixels, &gt;= 1 (labels and rendering)
 * @param views             views per example, &gt;= 1
 * @param weights           term weights; a non-zero {@code mask} needs {@code parseNetPath}
 * @param lighting          which normals light each view
 * @param alignmentGradient how the 3D landmark term's backward treats the alignment
 * @param parseNetPath      file of the frozen face-parse network (DL4J {@code ModelSerializer} zip, see
 *                          {@link ParseNetTerm}) for the mask term, or null for none
 */
public record ObjectiveSettings(int imageSize, int views, LossWeights weights, LightingFrame lighting,
                                AlignmentGradient alignmentGradient, String parseNetPath) {
    public ObjectiveSettings {
        if (imageSize < 1) {
            throw new IllegalArgumentException("ObjectiveSettings.imageSize must be >= 1, got " + imageSize);
        }
        if (views < 1) {
            throw new IllegalArgumentException("ObjectiveSettings.views must be >= 1, got " + views);
        }
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(lighting, "lighting");
        Objects.requireNonNull(alignmentGradient, "alignmentGradient");
        if (weights.mask() != 0 && (parseNetPath == null || parseNetPath.isBlank())) {
            throw new IllegalArgumentException("ObjectiveSettings.weights.mask = " + weights.mask() + " needs a "
                    + "parse network: expected a parseNetPath, got " + parseNetPath);
        }
    }

    /**
     * The official weights without the mask term, each view lit with its own normals, the alignment a constant
     * (DF-MVR).
     */
    public static ObjectiveSettings defaults(int imageSize, int views) {
        return new ObjectiveSettings(imageSize, views, LossWeights.official().withoutMask(), LightingFrame.OWN_VIEW,
                AlignmentGradient.CONSTANT, null);
    }

    public ObjectiveSettings withWeights(LossWeights w) {
        return new ObjectiveSettings(imageSize, views, w, lighting, alignmentGradient, parseNetPath);
    }

    public ObjectiveSettings withLighting(LightingFrame l) {
        return new ObjectiveSettings(imageSize, views, weights, l, alignmentGradient, parseNetPath);
    }

    public ObjectiveSettings withAlignmentGradient(AlignmentGradient a) {
        return new ObjectiveSettings(imageSize, views, weights, lighting, a, parseNetPath);
    }

    /** These settings with the mask term on at {@code weight}, through the parse network stored at {@code path}. */
    public ObjectiveSettings withMask(double weight, String path) {
        return new ObjectiveSettings(imageSize, views, new LossWeights(weights.lm2d(), weights.para(),
                weights.reflect(), weights.photo(), weights.gamma(), weight, weights.lm3d()), lighting,
                alignmentGradient, path);
    }
}
