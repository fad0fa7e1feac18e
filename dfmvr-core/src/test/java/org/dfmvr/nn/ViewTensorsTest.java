package org.dfmvr.nn;

import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ViewTensorsTest {
    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static ViewRecord view(String name, int rgb, int label) throws IOException {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        BufferedImage labels = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, rgb);
                labels.getRaster().setSample(x, y, 0, label);
            }
        }
        return new ViewRecord(name, png(image), 4, png(labels), null, null, null, new double[] {1, 0, 0}, "x");
    }

    private static MultiViewSample sample(List<ViewRecord> views) {
        return new MultiViewSample("s", "subj", "e", "synthetic", "train", views, null, null, List.of(), List.of(),
                List.of());
    }

    @Test
    void givenAView_whenConverted_thenRgbIsScaledToMinusOneOneAndTheLabelChannelHoldsTheClass() throws IOException {
        INDArray[] f = ViewTensors.features(List.of(sample(List.of(view("front", 0xff8000, 6)))), 4);
        assertArrayEquals(new long[] {1, 4, 4, 4}, f[1].shape());
        assertEquals(1f, f[1].getFloat(0, 0, 2, 3), 1e-6);
        assertEquals(128 / 127.5f - 1, f[1].getFloat(0, 1, 2, 3), 1e-6);
        assertEquals(-1f, f[1].getFloat(0, 2, 2, 3), 1e-6);
        assertEquals(6f, f[1].getFloat(0, 3, 0, 0), 1e-6);
    }

    @Test
    void givenAMissingView_whenConverted_thenItsArrayIsZeros() throws IOException {
        INDArray[] f = ViewTensors.features(List.of(sample(List.of(view("front", 0xffffff, 1)))), 4);
        assertEquals(0.0, f[0].sumNumber().doubleValue());
        assertEquals(0.0, f[2].sumNumber().doubleValue());
    }

    @Test
    void givenAViewOfTheWrongSize_whenConverted_thenTheErrorNamesTheSampleAndTheSetting() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ViewTensors.features(List.of(sample(List.of(view("left", 0, 0)))), 8));
        assertEquals(true, e.getMessage().contains("dfmvr.ingest.image-size"));
    }
}
