package org.dfmvr.train;

import org.dfmvr.loss.AlignmentGradient;
import org.dfmvr.loss.LightingFrame;
import org.dfmvr.loss.LossWeights;
import org.dfmvr.loss.ObjectiveSettings;

/**
 * The train job's objective ({@code dfmvr.train.loss.*}): term weights, when the mask term starts, the frozen
 * parse net it needs and the lighting frame.
 *
 * @param weights           term weights; {@code mask} is the weight once the mask term is on
 * @param maskStartFraction the mask term counts from epoch {@code round(fraction · epochs)} (0-based) on; DF-MVR
 *                          100/280 (its epochs 101..280)
 * @param parseNet          path of the frozen face-parse net ({@code ParseNetTerm}), "" for none
 * @param lighting          which normals light each view
 */
public record LossSettings(LossWeights weights, double maskStartFraction, String parseNet, LightingFrame lighting) {
    public LossSettings {
        if (!(maskStartFraction >= 0 && maskStartFraction <= 1)) {
            throw new IllegalArgumentException("LossSettings.maskStartFraction must be in [0, 1], got "
                    + maskStartFraction);
        }
        if (weights.mask() > 0 && parseNet.isBlank()) {
            throw new IllegalArgumentException("LossSettings: a mask weight of " + weights.mask()
                    + " needs a parse net, got none");
        }
    }

    /** The objective for the network's image size and views (the 3D-landmark alignment held constant, as DF-MVR). */
    public ObjectiveSettings objective(int imageSize, int views) {
        return new ObjectiveSettings(imageSize, views, weights, lighting, AlignmentGradient.CONSTANT,
                parseNet.isBlank() ? null : parseNet);
    }

    /** The first (0-based) epoch in which the mask term counts, of a run of {@code epochs}. */
    public int maskStartEpoch(int epochs) {
        return (int) Math.round(maskStartFraction * epochs);
    }

    /** Whether the mask term is held off in {@code epoch} (0-based) of a run of {@code epochs}. */
    public boolean maskHeld(int epoch, int epochs) {
        return weights.mask() > 0 && epoch < maskStartEpoch(epochs);
    }
}
