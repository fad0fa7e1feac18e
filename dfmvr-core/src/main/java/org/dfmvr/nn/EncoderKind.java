package org.dfmvr.nn;

import java.util.Arrays;

/** The feature extractor in front of the regressor (paper Table 3, column "Encoder"). */
public enum EncoderKind {
    /**
     * v1: each view through its own plain CNN (the first DoubleConv stage of an encoder, full resolution, no
     * pooling, no decoder, no skips); the per-view features are concatenated at the end. The paper gives no details;
     * this reading keeps the regressor's input resolution identical to the other variants.
     */
    CNN("cnn"),
    /** v2: one Attention U-Net over the channel-stacked views (one encoder, one gate per level). */
    UNET("unet"),
    /** v6 (the method): one unshared encoder per view, one shared decoder, one attention gate per level and view. */
    MULEN_UNET("mulen-unet");

    private final String configName;

    EncoderKind(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name ({@code cnn}, {@code unet}, {@code mulen-unet}). */
    public static EncoderKind fromConfigName(String name) {
        return Arrays.stream(values()).filter(e -> e.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("encoder must be one of cnn, unet, mulen-unet, got '"
                        + name + "'"));
    }
}
