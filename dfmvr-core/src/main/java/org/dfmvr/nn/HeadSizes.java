package org.dfmvr.nn;

/**
 * Sizes of the coefficient heads of weiguangzhao/DF_MVR network/Rednet.py RedNet_FC, concatenated into one output
 * vector per sample in this order (0-based offsets): identity [0, identity), expression, texture, gamma (SH
 * lighting), then for each view v = 0..V-1 (0 left, 1 front, 2 right) its rotation (radians) followed by its
 * translation (x, y, z; the face model's unit). The paper's heads are separate 1x1 convolutions on the pooled
 * [N,2048,1,1] features, which is the same function and parameter count as one linear layer with all outputs.
 *
 * @param identity           identity (shape) coefficients, 80 in the paper
 * @param expression         expression coefficients, 64
 * @param texture            texture (albedo) coefficients, 80
 * @param gamma              spherical-harmonics lighting coefficients, 27 (9 per RGB channel)
 * @param rotationPerView    rotation angles per view, 3
 * @param translationPerView translation per view, 3 (DF: offset_xy 2 + offset_z 1)
 */
public record HeadSizes(int identity, int expression, int texture, int gamma, int rotationPerView,
                        int translationPerView) {
    /** The paper's heads: 80 + 64 + 80 + 27 + V * (3 + 3). */
    public static final HeadSizes PAPER = new HeadSizes(80, 64, 80, 27, 3, 3);

    public HeadSizes {
        check("identity", identity);
        check("expression", expression);
        check("texture", texture);
        check("gamma", gamma);
        check("rotationPerView", rotationPerView);
        check("translationPerView", translationPerView);
    }

    private static void check(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("heads." + key + " must be >= 1, got " + value);
        }
    }

    /** Total outputs for {@code views} views (269 for the paper with 3 views). */
    public int total(int views) {
        return identity + expression + texture + gamma + views * (rotationPerView + translationPerView);
    }
}
