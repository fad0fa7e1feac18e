package org.dfmvr.train.sample;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test fixture: shard samples with textured views, 68 landmarks per view, no parse labels, no 3D landmarks. */
final class Samples {
    private Samples() {
    }

    /** A sample with the views named (left/front/right), each {@code size} px, textured from {@code seed}. */
    static MultiViewSample sample(String id, int size, long seed, String... views) {
        Random r = new Random(seed);
        List<ViewRecord> records = new ArrayList<>();
        for (String v : views) {
            int[] rgb = new int[size * size];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = r.nextInt(0x1000000);
            }
            float[] lm = new float[136];
            for (int k = 0; k < lm.length; k++) {
                lm[k] = (float) (size * (0.3 + 0.4 * r.nextDouble()));
            }
            records.add(new ViewRecord(v, png(rgb, size), size, null, null, lm, null, new double[] {1, 0, 0},
                    "mem://" + id + "/" + v));
        }
        return new MultiViewSample(id, id, "e", "synthetic", "train", records, null, null, List.of(), List.of(),
                List.of());
    }

    static byte[] png(int[] rgb, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, size, size, rgb, 0, size);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packed 0xRRGGBB pixels of a PNG. */
    static int[] pixels(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            return java.util.Arrays.stream(argb).map(p -> p & 0xffffff).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
