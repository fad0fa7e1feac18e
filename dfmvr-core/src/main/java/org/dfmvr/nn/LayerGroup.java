package org.dfmvr.nn;

/** The parts of the network that reports count separately, recognised by the layer-name prefix. */
public enum LayerGroup {
    /** Per-view encoders (and the channel stacking of the unet variant): prefix {@code enc}. */
    ENCODERS("enc"),
    /** Attention gates of the skips: prefix {@code gate}. */
    GATES("gate"),
    /** Shared decoder (transposed convolutions, DoubleConvs, merges): prefix {@code dec}. */
    DECODER("dec"),
    /** RedNet/ResNet regressor including global pooling: prefix {@code red}. */
    REGRESSOR("red"),
    /** Coefficient heads: prefix {@code head}. */
    HEADS("head");

    private final String prefix;

    LayerGroup(String prefix) {
        this.prefix = prefix;
    }

    /** The group a vertex belongs to, by its name's prefix; network inputs ({@code view*}) have none. */
    public static LayerGroup of(String vertexName) {
        for (LayerGroup g : values()) {
            if (vertexName.startsWith(g.prefix)) {
                return g;
            }
        }
        throw new IllegalArgumentException("vertex '" + vertexName + "' has no layer-group prefix (one of enc, gate, "
                + "dec, red, head)");
    }
}
