package org.dfmvr.landmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** From a face box in a photo to landmarks in the photo's pixels. */
class FaceLandmarkerTest {
    private static FaceLandmarker landmarker;

    @BeforeAll
    static void load() throws IOException {
        landmarker = FaceLandmarker.loadDefault();
    }

    private static ReferenceCrops.Crop frontal() {
        return ReferenceCrops.all().stream().filter(c -> c.yawDegrees() == 0 && c.width() == c.height())
                .findFirst().orElseThrow();
    }

    @Test
    void theCropAroundTheBoxIsWhatTheNetworkSeesAndItsPointsComeBackInPhotoPixels() {
        ReferenceCrops.Crop crop = frontal();
        int side = crop.width();
        BufferedImage photo = new BufferedImage(side + 160, side + 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, photo.getWidth(), photo.getHeight());
        g.drawImage(crop.image(), 70, 50, null);
        g.dispose();
        // a box whose 1.2x square is exactly the pasted crop
        double box = side / FaceLandmarker.DEFAULT_BOX_SCALE;
        double boxX = 70 + side / 2.0 - box / 2;
        double boxY = 50 + side / 2.0 - box / 2;

        Landmarks68 lm = landmarker.detect(photo, boxX, boxY, box, box);

        assertThat(lm.plausible()).as(lm.toString()).isTrue();
        assertThat(lm.trustedCount()).isEqualTo(68);
        for (int k = 0; k < 68; k++) {
            assertThat(lm.points()[2 * k]).isCloseTo(crop.reference()[2 * k] + 70, within(1e-3f));
            assertThat(lm.points()[2 * k + 1]).isCloseTo(crop.reference()[2 * k + 1] + 50, within(1e-3f));
        }
    }

    @Test
    void pointsBeyondThePhotosEdgeAreSetAside() {
        ReferenceCrops.Crop crop = frontal();
        int side = crop.width();
        // the photo is the crop's right 60 %: the face's image-left part is cut off by the photo's edge
        int cut = (int) (side * 0.4);
        BufferedImage photo = crop.image().getSubimage(cut, 0, side - cut, side);
        double box = side / FaceLandmarker.DEFAULT_BOX_SCALE;

        Landmarks68 lm = landmarker.detect(photo, side / 2.0 - box / 2 - cut, side / 2.0 - box / 2, box, box);

        int beyond = 0;
        for (int k = 0; k < 68; k++) {
            if (lm.points()[2 * k] < 0) {
                beyond++;
                assertThat(lm.trusted(k)).as("point " + k + " at x " + lm.points()[2 * k]).isFalse();
            }
        }
        assertThat(lm.plausible()).as(lm.toString()).isTrue();
        assertThat(beyond).isPositive();
        assertThat(lm.trustedCount()).isEqualTo(68 - beyond);
    }

    @Test
    void aBoxWithoutAreaIsACallerError() {
        BufferedImage photo = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> landmarker.detect(photo, 0, 0, 0, 5)).hasMessageContaining("positive size");
        assertThatThrownBy(() -> new FaceLandmarker(null, LandmarkPlausibility.defaults(), 0.1))
                .hasMessageContaining("boxScale");
    }
}
