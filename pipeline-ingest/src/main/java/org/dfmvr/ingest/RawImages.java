package org.dfmvr.ingest;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * Reading raw inputs safely: whole files through the Hadoop FileSystem API (any URI), their SHA-256 for provenance,
 * and image decoding that checks the header's dimensions against a pixel limit BEFORE decoding (no decompression
 * bombs). Failures are {@link BadInputException}s whose message becomes the quarantine reason.
 */
public final class RawImages {
    private RawImages() {
    }

    /** A raw file's bytes and their hex SHA-256. */
    public record RawFile(String uri, byte[] bytes, String sha256) {
    }

    public static RawFile read(FileSystem fs, String uri) {
        Path path = new Path(uri);
        try (FSDataInputStream in = fs.open(path)) {
            byte[] bytes = in.readAllBytes();
            return new RawFile(uri, bytes, sha256(bytes));
        } catch (java.io.FileNotFoundException e) {
            throw new BadInputException("read", "file not found: " + uri);
        } catch (IOException e) {
            throw new BadInputException("read", "cannot read " + uri + ": " + e.getMessage());
        }
    }

    /** Decodes an image after checking its header says at most {@code maxPixels} pixels. */
    public static BufferedImage decode(RawFile file, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file.bytes()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException("decode", "not a readable image (unknown format): " + file.uri());
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w * h > maxPixels) {
                    throw new BadInputException("decode", "image header claims " + w + "x" + h + " = " + w * h
                            + " pixels, over the limit of " + maxPixels + " (dfmvr.ingest.max-image-pixels): "
                            + file.uri());
                }
                BufferedImage img = reader.read(0);
                return toRgb(img);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException("decode", "corrupt image " + file.uri() + ": " + e);
        }
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + img.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An 8-bit gray PNG of [H,W] values 0..255. */
    public static byte[] grayPng(int[] values, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, width, height, values);
        return png(img);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(img, 0, 0, null);
        return rgb;
    }
}
