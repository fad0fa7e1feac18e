package org.dfmvr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngWriterTest {
    @TempDir
    Path dir;

    @Test
    void givenAFloatRgbImage_whenWrittenAsPng_thenReadingItBackGivesTheClampedRoundedBytes() throws IOException {
        float[] data = {0, 0.5f, 1, 2f, -1f, Float.NaN};
        Path file = dir.resolve("sub/rgb.png");
        PngWriter.writeRgb(new FloatImage(1, 2, 3, data), file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(2, back.getWidth());
        assertEquals(1, back.getHeight());
        assertEquals(0x0080FF, back.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFF0000, back.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void givenALabelMap_whenWritten_thenBackgroundIsBlackAndEachLabelHasItsPaletteColour() throws IOException {
        Path file = dir.resolve("labels.png");
        PngWriter.writeLabels(new LabelMap(1, 3, new int[] {0, 1, 12}), file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(0x000000, back.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(PngWriter.labelColor(1), back.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(PngWriter.labelColor(12), back.getRGB(2, 0) & 0xFFFFFF);
    }

    @Test
    void givenADepthMap_whenConverted_thenNearestIsWhiteFarthestIsDarkGreyAndEmptyIsBlack() {
        float[] depth = {1f, 3f, Float.POSITIVE_INFINITY, 2f};
        BufferedImage image = PngWriter.depthToImage(new FloatImage(2, 2, 1, depth));
        assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x303030, image.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0x000000, image.getRGB(0, 1) & 0xFFFFFF);
        assertEquals(0x989898, image.getRGB(1, 1) & 0xFFFFFF, "midway grey = round(255 - 207/2) = 152 = 0x98");
    }

    @Test
    void givenThreeImages_whenComposed_thenTheSheetHoldsThemSideBySideWithGaps() {
        BufferedImage a = solid(10, 8, 0xFF0000), b = solid(20, 12, 0x00FF00), c = solid(5, 5, 0x0000FF);
        BufferedImage sheet = ContactSheet.compose(List.of(a, b, c), List.of());
        assertEquals(4 + 10 + 4 + 20 + 4 + 5 + 4, sheet.getWidth());
        assertEquals(4 + 12 + 4, sheet.getHeight());
        assertEquals(0xFF0000, sheet.getRGB(4, 4) & 0xFFFFFF);
        assertEquals(0x00FF00, sheet.getRGB(4 + 10 + 4, 4) & 0xFFFFFF);
        assertEquals(0x0000FF, sheet.getRGB(4 + 10 + 4 + 20 + 4, 4) & 0xFFFFFF);
    }

    @Test
    void givenCaptionsWiderThanTheirImages_whenComposed_thenEachColumnIsAsWideAsItsCaptionSoNoneOverlap() {
        BufferedImage a = solid(4, 4, 0xFF0000), b = solid(4, 4, 0x00FF00);
        String caption = "left lm 9.8px ph 0.123";
        BufferedImage sheet = ContactSheet.compose(List.of(a, b), List.of(caption, ""));
        assertEquals(true, sheet.getHeight() > 4 + 4 + 4, "room for a caption row under the images");
        int bx = -1;
        for (int x = 0; x < sheet.getWidth() && bx < 0; x++) {
            bx = (sheet.getRGB(x, 4) & 0xFFFFFF) == 0x00FF00 ? x : -1;
        }
        assertEquals(true, bx > 4 + 4 + 4 + 40, "second image starts after the first caption, at " + bx);
    }

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }
}
