package org.dfmvr.loss;

/**
 * Weights of the terms of the weakly supervised objective, {@code L = lm2d·L_lm2d + para·L_para + reflect·L_reflect +
 * photo·L_photo + gamma·L_gamma + mask·L_mask + lm3d·L_lm3d} (DF-MVR network/MVRnet.py model_fn, reference §1.5).
 * Every weight is finite and &gt;= 0; 0 switches a term off.
 *
 * @param lm2d    2D landmark term (official 0.02)
 * @param para    coefficient L2 prior (official 3e-4)
 * @param reflect albedo skin-consistency prior (official 5)
 * @param photo   photometric term (official 24)
 * @param gamma   SH monochrome prior (official 10)
 * @param mask    parse-net mask term (official 1; needs a parse network, see {@link ParseNetTerm})
 * @param lm3d    3D landmark term (official 1)
 */
public record LossWeights(double lm2d, double para, double reflect, double photo, double gamma, double mask,
                          double lm3d) {
    public LossWeights {
        check("lm2d", lm2d);
        check("para", para);
        check("reflect", reflect);
        check("photo", photo);
        check("gamma", gamma);
        check("mask", mask);
        check("lm3d", lm3d);
    }

    /** The official weights, mask term included (reference §1.5). */
    public static LossWeights official() {
        return new LossWeights(0.02, 3e-4, 5, 24, 10, 1, 1);
    }

    /** These weights with the mask term switched off (DF-MVR's first 100 epochs). */
    public LossWeights withoutMask() {
        return new LossWeights(lm2d, para, reflect, photo, gamma, 0, lm3d);
    }

    /** These weights with the 3D landmark term set to {@code weight}. */
    public LossWeights withLm3d(double weight) {
        return new LossWeights(lm2d, para, reflect, photo, gamma, mask, weight);
    }

    /** The weights as [7] in the record's order (lm2d, para, reflect, photo, gamma, mask, lm3d). */
    public double[] toArray() {
        return new double[] {lm2d, para, reflect, photo, gamma, mask, lm3d};
    }

    /** From [7] in the record's order. */
    public static LossWeights fromArray(double[] w) {
        if (w == null || w.length != 7) {
            throw new IllegalArgumentException("loss weights must be 7 values (lm2d, para, reflect, photo, gamma, "
                    + "mask, lm3d), got " + (w == null ? "null" : w.length));
        }
        return new LossWeights(w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
    }

    private static void check(String key, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException("LossWeights." + key + " must be finite and >= 0, got " + v);
        }
    }
}
