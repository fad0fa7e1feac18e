package org.dfmvr.infer;

import org.dfmvr.render.TextureBaker;

import java.io.Serializable;

/**
 * Texture baking of infer ({@code dfmvr.infer.texture.*}): for a face model with UVs, an OBJ + MTL + PNG whose texture
 * is blended from the input views ({@link TextureBaker}); models without UVs keep vertex colours only.
 *
 * @param bake             write the baked texture (needs {@code mesh-format = obj})
 * @param size             texture side, texels
 * @param angleExponent    k of the view weight {@code max(0, cos θ)^k}
 * @param depthToleranceMm how far behind the depth buffer a surface point may lie and still count as seen, mm
 */
public record TextureSettings(boolean bake, int size, double angleExponent, double depthToleranceMm)
        implements Serializable {
    public static final TextureSettings OFF = new TextureSettings(false, 512, 2, 8);

    public TextureSettings {
        baker(size, angleExponent, (float) depthToleranceMm); // validates
    }

    /** The baker's settings, the tolerance converted to model units. */
    TextureBaker.Settings baker(double mmPerUnit) {
        return baker(size, angleExponent, (float) (depthToleranceMm / mmPerUnit));
    }

    private static TextureBaker.Settings baker(int size, double angleExponent, float depthTolerance) {
        return new TextureBaker.Settings(size, angleExponent, depthTolerance);
    }
}
