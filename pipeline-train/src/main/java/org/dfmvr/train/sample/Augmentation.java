package org.dfmvr.train.sample;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * DF-MVR's training augmentation (reference §1.6): per sample one brightness, contrast, saturation and sharpness
 * factor, each uniform in [{@code factorMin}, {@code factorMax}] (official [0.5, 1.5]), and with probability
 * {@code blurProbability} (official 0.3) a Gaussian blur of sigma uniform in [{@code blurSigmaMin},
 * {@code blurSigmaMax}] pixels — the SAME factors, blur decision and sigma for every view of the sample. Applied in
 * that order with {@link PhotometricOps} (PIL semantics, 8-bit after each step) to the view images only (parse
 * labels, weight maps and landmarks are geometry and stay). The augmented image replaces the view's image, so it is
 * both the network input and the photo-loss target, as in DF-MVR, whose network input is rebuilt from the augmented
 * raw image ({@code raw·2 − 1}) that the photo loss also compares with.
 *
 * @param enabled false: samples pass unchanged
 */
public record Augmentation(boolean enabled, double factorMin, double factorMax, double blurProbability,
                           double blurSigmaMin, double blurSigmaMax) implements Serializable {
    public Augmentation {
        if (!(factorMin >= 0 && factorMax >= factorMin && Double.isFinite(factorMax))) {
            throw new IllegalArgumentException("Augmentation factors need 0 <= factorMin <= factorMax < inf, got "
                    + factorMin + ", " + factorMax);
        }
        if (!(blurProbability >= 0 && blurProbability <= 1)) {
            throw new IllegalArgumentException("Augmentation.blurProbability must be in [0, 1], got "
                    + blurProbability);
        }
        if (!(blurSigmaMin > 0 && blurSigmaMax >= blurSigmaMin && Double.isFinite(blurSigmaMax))) {
            throw new IllegalArgumentException("Augmentation blur sigmas need 0 < blurSigmaMin <= blurSigmaMax < inf, "
                    + "got " + blurSigmaMin + ", " + blurSigmaMax);
        }
    }

    /** No augmentation. */
    public static Augmentation off() {
        return new Augmentation(false, 1, 1, 0, 1, 1);
    }

    /**
     * The draws of one sample: brightness, contrast, saturation, sharpness factors and the blur sigma (0 = no blur).
     */
    public record Draw(double brightness, double contrast, double saturation, double sharpness, double blurSigma) {
        /** Applies the draw to one packed RGB image [H·W]. */
        public int[] apply(int[] rgb, int width, int height) {
            int[] out = PhotometricOps.brightness(rgb, brightness);
            out = PhotometricOps.contrast(out, contrast);
            out = PhotometricOps.saturation(out, saturation);
            out = PhotometricOps.sharpness(out, width, height, sharpness);
            return blurSigma > 0 ? PhotometricOps.gaussianBlur(out, width, height, blurSigma) : out;
        }
    }

    /** The draw for one sample in one epoch. */
    public Draw draw(long seed, int epoch, String sampleId) {
        SplittableRandom r = SampleSeeds.random(seed, epoch, sampleId, "augment");
        double b = uniform(r, factorMin, factorMax), c = uniform(r, factorMin, factorMax);
        double s = uniform(r, factorMin, factorMax), sh = uniform(r, factorMin, factorMax);
        double sigma = r.nextDouble() < blurProbability ? uniform(r, blurSigmaMin, blurSigmaMax) : 0;
        return new Draw(b, c, s, sh, sigma);
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** The sample with every view image augmented by the sample's draw (itself when disabled). */
    public MultiViewSample apply(MultiViewSample s, long seed, int epoch) {
        if (!enabled) {
            return s;
        }
        Draw d = draw(seed, epoch, s.sampleId());
        List<ViewRecord> views = new ArrayList<>();
        for (ViewRecord v : s.views()) {
            BufferedImage img = read(v.imagePng(), s.sampleId() + "/" + v.view());
            int w = img.getWidth(), h = img.getHeight();
            int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            out.setRGB(0, 0, w, h, d.apply(rgb, w, h), 0, w);
            views.add(new ViewRecord(v.view(), png(out), v.size(), v.parsePng(), v.weightPng(), v.landmarks68(),
                    v.yawDegrees(), v.alignment(), v.sourcePath(), v.landmarks68Weights(), v.landmarksSource()));
        }
        return new MultiViewSample(s.sampleId(), s.subjectId(), s.expressionId(), s.source(), s.split(), views,
                s.landmarks3d(), s.gtMeshUri(), s.flags(), s.inputPaths(), s.inputSha256());
    }

    private static BufferedImage read(byte[] png, String what) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            if (img == null) {
                throw new IllegalArgumentException(what + ": the view image is not a readable PNG");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": " + e.getMessage(), e);
        }
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
