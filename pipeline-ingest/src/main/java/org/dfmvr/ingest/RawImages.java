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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Reading raw inputs safely: whole files through the Hadoop FileSystem API (any URI), their SHA-256 for provenance,
 * and image decoding that checks the header's dimensions against a pixel limit BEFORE decoding (no decompression
 * bombs) and refuses truncated or damaged files that a decoder would silently complete with grey (end markers, PNG
 * CRCs, the decoder's own warnings). Failures are {@link BadInputException}s whose message becomes the quarantine
 * reason.
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
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                String damage = structuralDamage(reader.getFormatName().toLowerCase(Locale.ROOT), file.bytes());
                if (damage != null) {
                    throw new BadInputException("decode", "truncated or damaged image (" + damage + "): "
                            + file.uri());
                }
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new BadInputException("decode", "truncated or damaged image (decoder: "
                            + String.join("; ", warnings) + "): " + file.uri());
                }
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

    /**
     * What is structurally wrong with a file the decoder would still turn into pixels (it fills the missing rest with
     * grey or black), or null: JPEG without its end-of-image marker (FF D9, after trailing zero padding), PNG whose
     * chunks do not run to IEND with matching CRCs, BMP shorter than the file size its header declares.
     */
    static String structuralDamage(String format, byte[] b) {
        switch (format) {
            case "jpeg", "jpg" -> {
                int end = b.length;
                while (end > 0 && b[end - 1] == 0) {
                    end--;
                }
                return end >= 4 && (b[end - 2] & 0xff) == 0xff && (b[end - 1] & 0xff) == 0xd9 ? null
                        : "no JPEG end-of-image marker";
            }
            case "png" -> {
                int pos = 8;
                while (pos + 12 <= b.length) {
                    long length = readInt(b, pos, false) & 0xffffffffL;
                    if (length > b.length - pos - 12L) {
                        return "PNG chunk at byte " + pos + " runs past the end of the file";
                    }
                    CRC32 crc = new CRC32();
                    crc.update(b, pos + 4, (int) length + 4);
                    if (crc.getValue() != (readInt(b, pos + 8 + (int) length, false) & 0xffffffffL)) {
                        return "PNG chunk " + new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1) + " at byte "
                                + pos + " fails its CRC";
                    }
                    if (new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1).equals("IEND")) {
                        return null;
                    }
                    pos += 12 + (int) length;
                }
                return "no PNG IEND chunk";
            }
            case "bmp" -> {
                long declared = b.length >= 6 ? readInt(b, 2, true) & 0xffffffffL : 0;
                return declared > b.length ? "BMP header declares " + declared + " bytes, the file has " + b.length
                        : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static int readInt(byte[] b, int at, boolean littleEndian) {
        return littleEndian
                ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24
                : (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
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
