package org.dfmvr.loss;

import java.util.Objects;

/**
 * Settings of the weakly supervised objective, validated at construction.
 *
 * @param imageSize         square image side, pixels, &gt;= 1 (labels and rendering)
 * @param views             views per example, &gt;= 1
 * @param weights           term weights; {@code mask} must be 0 (the mask term is not implemented)
 * @param lighting          which normals light each view
 * @param alignmentGradient how the 3D landmark term's backward treats the alignment
 */
public record ObjectiveSettings(int imageSize, int views, LossWeights weights, LightingFrame lighting,
                                AlignmentGradient alignmentGradient) {
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
        if (weights.mask() != 0) {
            throw new IllegalArgumentException("the mask term (frozen parse net) is not implemented; expected "
                    + "ObjectiveSettings.weights.mask = 0, got " + weights.mask());
        }
    }

    /**
     * The official weights without the mask term, each view lit with its own normals, the alignment a constant
     * (DF-MVR).
     */
    public static ObjectiveSettings defaults(int imageSize, int views) {
        return new ObjectiveSettings(imageSize, views, LossWeights.official().withoutMask(), LightingFrame.OWN_VIEW,
                AlignmentGradient.CONSTANT);
    }

    public ObjectiveSettings withWeights(LossWeights w) {
        return new ObjectiveSettings(imageSize, views, w, lighting, alignmentGradient);
    }

    public ObjectiveSettings withLighting(LightingFrame l) {
        return new ObjectiveSettings(imageSize, views, weights, l, alignmentGradient);
    }

    public ObjectiveSettings withAlignmentGradient(AlignmentGradient a) {
        return new ObjectiveSettings(imageSize, views, weights, lighting, a);
    }
}
