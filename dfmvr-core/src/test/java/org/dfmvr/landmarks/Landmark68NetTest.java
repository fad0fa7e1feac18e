package org.dfmvr.landmarks;

import org.dfmvr.render.FloatImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The landmark network's inputs, weights files and the crops without a face. */
class Landmark68NetTest {
    private static final Path SHIPPED = Path.of("..", "models", "face-landmark-68");
    private static Landmark68Net net;

    @BeforeAll
    static void load() throws IOException {
        net = Landmark68Net.loadDefault();
    }

    @Test
    void aFloatImageInZeroToOneGivesTheSamePointsAsItsBufferedImage() {
        ReferenceCrops.Crop crop = ReferenceCrops.all().get(1);
        BufferedImage image = crop.image();
        float[] rgb = new float[image.getWidth() * image.getHeight() * 3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int i = 3 * (y * image.getWidth() + x);
                rgb[i] = ((p >> 16) & 0xff) / 255f;
                rgb[i + 1] = ((p >> 8) & 0xff) / 255f;
                rgb[i + 2] = (p & 0xff) / 255f;
            }
        }
        float[] fromFloat = net.predict(new FloatImage(image.getHeight(), image.getWidth(), 3, rgb));
        float[] fromImage = net.predict(image);
        for (int i = 0; i < fromImage.length; i++) {
            assertThat(fromFloat[i]).isCloseTo(fromImage[i], within(1e-3f));
        }
    }

    @Test
    void cropsWithoutAFaceAreRejectedByThePlausibilityRule() {
        BufferedImage grey = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        BufferedImage noise = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rng = new SplittableRandom(1);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                grey.setRGB(x, y, 0x808080);
                noise.setRGB(x, y, rng.nextInt(0x1000000));
            }
        }
        for (BufferedImage noFace : new BufferedImage[]{grey, noise}) {
            Landmarks68 lm = net.detect(noFace, LandmarkPlausibility.defaults());
            assertThat(lm.plausible()).as(lm.toString()).isFalse();
            assertThat(lm.trustedCount()).isZero();
        }
    }

    @Test
    void aCropOfTheWrongSizeIsRejectedNamingTheSizes() {
        assertThatThrownBy(() -> net.predict(new float[10], 2, 2)).hasMessageContaining("2x2")
                .hasMessageContaining("10 values");
    }

    @Test
    void aMissingModelFolderOrFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> Landmark68Net.load(dir.resolve("absent")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("absent");
        assertThatThrownBy(() -> Landmark68Net.load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(Landmark68Net.MANIFEST);
    }

    @Test
    void aTruncatedWeightShardIsRejectedNamingTheTensor(@TempDir Path dir) throws IOException {
        Files.copy(SHIPPED.resolve(Landmark68Net.MANIFEST), dir.resolve(Landmark68Net.MANIFEST));
        byte[] shard = Files.readAllBytes(SHIPPED.resolve("face_landmark_68_model.bin"));
        Files.write(dir.resolve("face_landmark_68_model.bin"), Arrays.copyOf(shard, shard.length - 100));
        assertThatThrownBy(() -> Landmark68Net.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("fc/bias").hasMessageContaining("ends before");
    }

    @Test
    void aShardWithBytesLeftOverIsRejected(@TempDir Path dir) throws IOException {
        Files.copy(SHIPPED.resolve(Landmark68Net.MANIFEST), dir.resolve(Landmark68Net.MANIFEST));
        byte[] shard = Files.readAllBytes(SHIPPED.resolve("face_landmark_68_model.bin"));
        Files.write(dir.resolve("face_landmark_68_model.bin"), Arrays.copyOf(shard, shard.length + 4));
        assertThatThrownBy(() -> Landmark68Net.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("hold " + (shard.length + 4) + " bytes");
    }

    @Test
    void thePointsMapBackToThePhotoWithTheCropsScaleAndOffset() {
        ReferenceCrops.Crop crop = ReferenceCrops.all().get(0);
        Landmarks68 lm = net.detect(crop.image(), LandmarkPlausibility.defaults());
        Landmarks68 inPhoto = lm.transformed(2.0, 10, 20);
        assertThat(inPhoto.points()[0]).isCloseTo(lm.points()[0] * 2 + 10, within(1e-4f));
        assertThat(inPhoto.points()[1]).isCloseTo(lm.points()[1] * 2 + 20, within(1e-4f));
        assertThat(inPhoto.status()).containsExactly(lm.status());
    }
}
