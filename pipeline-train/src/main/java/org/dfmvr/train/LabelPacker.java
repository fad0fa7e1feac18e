package org.dfmvr.train;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.loss.LabelLayout;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Packs a shard row into the weak-supervision loss's label row ({@link LabelLayout}, docs/loss.md): per view RGB in
 * [0,1], the weight map (32/128/254; all 128 when the source has none), parse labels (0 when none), the 68 landmarks
 * in crop pixels and the view-present flag; then the 3D landmarks converted from the shard's millimetres to model
 * units, with their flag (0 when the sample has none or their count differs from the loss's).
 *
 * <p>The loss has one present flag per view for both its photo and landmark terms, so a view without 68 landmarks
 * (flag {@code no_lm68}, e.g. Multi-PIE) is packed as absent: it contributes nothing until a 68-point detector fills
 * its landmarks. Known limitation, docs/loss.md. A point the landmark detector set aside (weight 0 in
 * {@code landmarks68_weights}) is packed as NaN, which the lm2d term skips.
 */
public final class LabelPacker {
    private LabelPacker() {
    }

    /** One example's label row. {@code mmToModelUnit} = 1 / the model unit's millimetres. */
    public static float[] pack(MultiViewSample s, LabelLayout layout, double mmToModelUnit) {
        float[] out = new float[layout.size()];
        int n = layout.imageSize();
        for (ViewRecord v : s.views()) {
            int view = ViewRecord.NAMES.indexOf(v.view());
            if (view >= layout.views()) {
                continue;
            }
            if (v.size() != n) {
                throw new IllegalArgumentException(s.sampleId() + ": view " + v.view() + " is " + v.size()
                        + " px, the loss expects " + n);
            }
            BufferedImage rgb = decode(v.imagePng());
            BufferedImage weight = v.weightPng() == null ? null : decode(v.weightPng());
            BufferedImage parse = v.parsePng() == null ? null : decode(v.parsePng());
            int img = layout.imageOffset(view), w = layout.weightOffset(view), p = layout.parseOffset(view);
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int i = y * n + x;
                    int c = rgb.getRGB(x, y);
                    out[img + 3 * i] = ((c >> 16) & 0xff) / 255f;
                    out[img + 3 * i + 1] = ((c >> 8) & 0xff) / 255f;
                    out[img + 3 * i + 2] = (c & 0xff) / 255f;
                    out[w + i] = weight == null ? 128f : weight.getRaster().getSample(x, y, 0);
                    out[p + i] = parse == null ? 0f : parse.getRaster().getSample(x, y, 0);
                }
            }
            if (v.landmarks68() != null) {
                float[] trusted = v.trustedLandmarks68();
                System.arraycopy(trusted, 0, out, layout.landmarksOffset(view), trusted.length);
                out[layout.presentOffset(view)] = 1f;
            }
        }
        float[] lm3d = s.landmarks3d();
        if (lm3d != null && lm3d.length == 3 * layout.landmarks3dSize()) {
            for (int i = 0; i < lm3d.length; i++) {
                out[layout.landmarks3dOffset() + i] = (float) (lm3d[i] * mmToModelUnit);
            }
            out[layout.landmarks3dFlagOffset()] = 1f;
        }
        return out;
    }

    private static BufferedImage decode(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
