package org.dfmvr.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Images for people to look at: float RGB, label maps and depth maps to 8-bit {@link BufferedImage}s and PNG files
 * (javax.imageio). Conversions are lossy by design (8 bits, clamped); nothing here is meant to be read back as data.
 */
public final class PngWriter {
    /**
     * Colours of the 10 face-parse classes (0 background, 1 skin, 2 l_brow, 3 r_brow, 4 l_eye, 5 r_eye, 6 nose,
     * 7 mouth, 8 u_lip, 9 l_lip) as 0xRRGGBB; labels from 10 up get generated colours.
     */
    private static final int[] PARSE_PALETTE = {
        0x000000, 0xE8B89A, 0x6B3E26, 0x8C5A3C, 0x2E7DD1, 0x1FB5C9, 0xF2C94C, 0x9B51E0, 0xEB5757, 0xB0303A,
    };
    /** Grey level of the farthest covered pixel in a depth image; the nearest is 255, empty pixels 0. */
    private static final int FAR_GREY = 48;

    private PngWriter() {
    }

    /**
     * 8-bit image of a 1-channel (grey) or 3-channel (RGB) float image with values in [0,1]: clamped, times 255,
     * rounded; NaN becomes 0.
     */
    public static BufferedImage toImage(FloatImage image) {
        int c = image.channels();
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("image must have 1 or 3 channels, got " + c);
        }
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        float[] d = image.data();
        for (int i = 0; i < image.height(); i++) {
            for (int j = 0; j < image.width(); j++) {
                int p = (i * image.width() + j) * c;
                int r = toByte(d[p]);
                int g = c == 3 ? toByte(d[p + 1]) : r;
                int b = c == 3 ? toByte(d[p + 2]) : r;
                out.setRGB(j, i, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** Colour-coded label map: the face-parse palette for labels 0..9, generated distinct hues above. */
    public static BufferedImage toImage(LabelMap labels) {
        BufferedImage out = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < labels.height(); i++) {
            for (int j = 0; j < labels.width(); j++) {
                out.setRGB(j, i, labelColor(labels.get(i, j)));
            }
        }
        return out;
    }

    /**
     * Grey depth image of a 1-channel depth map: the nearest finite depth is white, the farthest grey
     * ({@value #FAR_GREY}), linear in between; non-finite pixels (empty) are black.
     */
    public static BufferedImage depthToImage(FloatImage depth) {
        if (depth.channels() != 1) {
            throw new IllegalArgumentException("depth must have 1 channel, got " + depth.channels());
        }
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float z : depth.data()) {
            if (Float.isFinite(z)) {
                min = Math.min(min, z);
                max = Math.max(max, z);
            }
        }
        float range = max > min ? max - min : 1f;
        BufferedImage out = new BufferedImage(depth.width(), depth.height(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < depth.height(); i++) {
            for (int j = 0; j < depth.width(); j++) {
                float z = depth.get(i, j, 0);
                int g = Float.isFinite(z) ? Math.round(255 - (255 - FAR_GREY) * (z - min) / range) : 0;
                out.setRGB(j, i, (g << 16) | (g << 8) | g);
            }
        }
        return out;
    }

    /** Writes {@code image} as a PNG file, creating parent folders. */
    public static void write(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available in javax.imageio to write " + file);
        }
    }

    /** Writes a float RGB or grey image in [0,1] as PNG (see {@link #toImage(FloatImage)}). */
    public static void writeRgb(FloatImage image, Path file) throws IOException {
        write(toImage(image), file);
    }

    /** Writes a colour-coded label map as PNG (see {@link #toImage(LabelMap)}). */
    public static void writeLabels(LabelMap labels, Path file) throws IOException {
        write(toImage(labels), file);
    }

    /** Writes a depth map as grey PNG (see {@link #depthToImage(FloatImage)}). */
    public static void writeDepth(FloatImage depth, Path file) throws IOException {
        write(depthToImage(depth), file);
    }

    /** 0xRRGGBB of a label: the parse palette, else a hue stepped by the golden angle so neighbours differ. */
    static int labelColor(int label) {
        if (label < PARSE_PALETTE.length) {
            return PARSE_PALETTE[label];
        }
        float hue = (label * 0.618034f) % 1f;
        return java.awt.Color.HSBtoRGB(hue, 0.65f, 0.95f) & 0xFFFFFF;
    }

    private static int toByte(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
