package org.dfmvr.train.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.junit.jupiter.api.Test;

import java.util.Random;

/** The photometric augmentation: PIL semantics of each operation, and one draw shared by the views of a sample. */
class AugmentationTest {
    private static final int SIZE = 24;

    private static int[] noise(long seed) {
        Random r = new Random(seed);
        int[] rgb = new int[SIZE * SIZE];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = r.nextInt(0x1000000);
        }
        return rgb;
    }

    private static double mean(int[] rgb, int shift) {
        double s = 0;
        for (int p : rgb) {
            s += (p >> shift) & 0xff;
        }
        return s / rgb.length;
    }

    @Test
    void givenFactorOneAndNoBlur_whenApplied_thenTheImageIsUnchanged() {
        int[] rgb = noise(1);
        assertThat(new Augmentation.Draw(1, 1, 1, 1, 0).apply(rgb, SIZE, SIZE)).containsExactly(rgb);
    }

    @Test
    void givenABrightnessFactor_whenApplied_thenEveryChannelIsScaledTruncatedAndClipped() {
        int[] rgb = {PhotometricOps.pack(100, 201, 7), PhotometricOps.pack(200, 255, 0)};
        assertThat(PhotometricOps.brightness(rgb, 0.5)).containsExactly(PhotometricOps.pack(50, 100, 3),
                PhotometricOps.pack(100, 127, 0));
        assertThat(PhotometricOps.brightness(rgb, 1.5)).containsExactly(PhotometricOps.pack(150, 255, 10),
                PhotometricOps.pack(255, 255, 0));
    }

    @Test
    void givenContrastAndSaturationZero_whenApplied_thenTheMeanLumaGreyAndThePixelLumaGrey() {
        int[] rgb = {PhotometricOps.pack(255, 0, 0), PhotometricOps.pack(0, 0, 255)};
        int red = PhotometricOps.luma(rgb[0]), blue = PhotometricOps.luma(rgb[1]);
        assertThat(red).isEqualTo(76); // PIL: Image.new("RGB", (1, 1), (255, 0, 0)).convert("L") -> 76
        int mean = (int) ((red + blue) / 2.0 + 0.5);
        assertThat(PhotometricOps.contrast(rgb, 0)).containsOnly(PhotometricOps.pack(mean, mean, mean));
        assertThat(PhotometricOps.saturation(rgb, 0)).containsExactly(PhotometricOps.pack(red, red, red),
                PhotometricOps.pack(blue, blue, blue));
    }

    @Test
    void givenSharpnessZero_whenApplied_thenInteriorPixelsAreSmoothedAndTheBorderKept() {
        int[] rgb = new int[9];
        rgb[4] = PhotometricOps.pack(130, 130, 130);
        int[] out = PhotometricOps.sharpness(rgb, 3, 3, 0);
        assertThat(out[4]).isEqualTo(PhotometricOps.pack(50, 50, 50)); // 130 * 5 / 13
        assertThat(out[0]).isZero();
    }

    @Test
    void givenABlur_whenApplied_thenTheMeanIsPreservedAndTheVarianceFalls() {
        int[] uniform = new int[SIZE * SIZE];
        java.util.Arrays.fill(uniform, PhotometricOps.pack(90, 140, 200));
        assertThat(PhotometricOps.gaussianBlur(uniform, SIZE, SIZE, 1.7)).containsExactly(uniform);
        int[] rgb = noise(2);
        int[] blurred = PhotometricOps.gaussianBlur(rgb, SIZE, SIZE, 1.5);
        for (int shift : new int[] {16, 8, 0}) {
            assertThat(mean(blurred, shift)).isCloseTo(mean(rgb, shift), within(2.0));
        }
        double before = 0, after = 0;
        for (int i = 0; i < rgb.length; i++) {
            before += Math.pow(PhotometricOps.g(rgb[i]) - mean(rgb, 8), 2);
            after += Math.pow(PhotometricOps.g(blurred[i]) - mean(blurred, 8), 2);
        }
        assertThat(after).isLessThan(before / 4);
    }

    @Test
    void givenASampleOfIdenticalViews_whenAugmented_thenEveryViewGetsTheSameFactorsAndOnlyImagesChange() {
        Augmentation aug = new Augmentation(true, 0.5, 1.5, 1, 0.5, 1.0);
        MultiViewSample same = Samples.sample("x", SIZE, 3, "left");
        ViewRecord v = same.views().get(0);
        MultiViewSample s = new MultiViewSample("x", "x", "e", "synthetic", "train", java.util.List.of(v,
                new ViewRecord("front", v.imagePng(), SIZE, null, null, v.landmarks68(), null, v.alignment(), "f"),
                new ViewRecord("right", v.imagePng(), SIZE, null, null, v.landmarks68(), null, v.alignment(), "r")),
                null, null, java.util.List.of(), java.util.List.of(), java.util.List.of());
        MultiViewSample out = aug.apply(s, 11, 4);
        int[] first = Samples.pixels(out.views().get(0).imagePng());
        assertThat(first).isNotEqualTo(Samples.pixels(v.imagePng()));
        assertThat(first).containsExactly(aug.draw(11, 4, "x").apply(Samples.pixels(v.imagePng()), SIZE, SIZE));
        for (ViewRecord o : out.views()) {
            assertThat(Samples.pixels(o.imagePng())).containsExactly(first);
            assertThat(o.landmarks68()).isSameAs(v.landmarks68());
        }
        assertThat(Samples.pixels(aug.apply(s, 11, 4).views().get(1).imagePng())).as("same seed, epoch, sample")
                .containsExactly(first);
    }

    @Test
    void givenTheDefaultRanges_whenManySamplesAreDrawn_thenFactorsStayInRangeAndAboutThirtyPercentAreBlurred() {
        Augmentation aug = new Augmentation(true, 0.5, 1.5, 0.3, 0.1, 2.0);
        int blurred = 0, n = 5000;
        for (int i = 0; i < n; i++) {
            Augmentation.Draw d = aug.draw(22, 0, "s" + i);
            for (double f : new double[] {d.brightness(), d.contrast(), d.saturation(), d.sharpness()}) {
                assertThat(f).isBetween(0.5, 1.5);
            }
            blurred += d.blurSigma() > 0 ? 1 : 0;
            assertThat(d.blurSigma() == 0 || (d.blurSigma() >= 0.1 && d.blurSigma() <= 2.0)).isTrue();
        }
        assertThat(blurred / (double) n).isCloseTo(0.3, within(0.03));
    }
}
