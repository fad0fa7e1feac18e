package org.dfmvr.dataset;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FivePointAlignmentTest {
    /** Eye centres, nose tip, mouth corners of a face in mm, y up (a plausible adult face). */
    private static final double[][] TEMPLATE = {
            {-32, 35, -10}, {32, 35, -10}, {0, 0, 20}, {-25, -35, -5}, {25, -35, -5}};

    /** Orthographic view of the template: image = s * (x, -y) + (cx, cy), y flipped to image-down. */
    private static double[][] imagePoints(double s, double cx, double cy) {
        double[][] p = new double[5][2];
        for (int i = 0; i < 5; i++) {
            p[i][0] = s * TEMPLATE[i][0] + cx;
            p[i][1] = -s * TEMPLATE[i][1] + cy;
        }
        return p;
    }

    @Test
    void givenAFrontalFaceAtKnownScaleAndPosition_whenFitted_thenScaleAndCentreAreRecovered() {
        FivePointAlignment.Transform t = FivePointAlignment.fit(imagePoints(3.0, 600, 350), TEMPLATE, 1.0, 224);
        assertEquals(1.0 / 3.0, t.scale(), 1e-9);
        assertEquals(600, t.centreX(), 1e-6);
        assertEquals(350, t.centreY(), 1e-6);
    }

    @Test
    void givenTheFit_whenApplied_thenTheLandmarksLandWhereTheTemplateSaysAtTheRequestedScale() {
        double[][] img = imagePoints(2.5, 400, 300);
        FivePointAlignment.Transform t = FivePointAlignment.fit(img, TEMPLATE, 1.015, 224);
        double[] noseTip = t.apply(img[2][0], img[2][1]);
        assertEquals(112, noseTip[0], 1e-6);
        assertEquals(112, noseTip[1], 1e-6);
        double[] rightEye = t.apply(img[1][0], img[1][1]);
        assertEquals(112 + 32 * 1.015, rightEye[0], 1e-6);
        assertEquals(112 - 35 * 1.015, rightEye[1], 1e-6);
    }

    @Test
    void givenABrightPixelAtALandmark_whenCropped_thenItAppearsAtTheTransformedPosition() {
        BufferedImage src = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
        src.setRGB(110, 70, 0xffffff);
        FivePointAlignment.Transform t = new FivePointAlignment.Transform(2.0, 100.5, 80.5, 64);
        BufferedImage crop = t.crop(src);
        // source pixel (110,70) has centre (110.5,70.5) -> crop (32 + 20, 32 - 20) = (52, 12)
        double[] c = t.apply(110.5, 70.5);
        int brightest = -1, bx = -1, by = -1;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int v = crop.getRGB(x, y) & 0xff;
                if (v > brightest) {
                    brightest = v;
                    bx = x;
                    by = y;
                }
            }
        }
        assertEquals(Math.floor(c[0]), bx, 1.0);
        assertEquals(Math.floor(c[1]), by, 1.0);
    }

    @Test
    void givenCoincidentPoints_whenFitted_thenADegenerateConfigurationIsReported() {
        double[][] same = new double[5][3];
        assertThrows(IllegalArgumentException.class,
                () -> FivePointAlignment.fit(imagePoints(1, 0, 0), same, 1.0, 224));
    }
}
