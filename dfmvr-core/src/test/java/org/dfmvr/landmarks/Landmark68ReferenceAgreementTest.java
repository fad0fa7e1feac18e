package org.dfmvr.landmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java port gives the original network's points: face-api 1.7.15 under TensorFlow.js (CPU backend) on 24
 * rendered face crops ({@code bench/landmark68-reference/run-reference.sh} wrote {@code reference.json}; Node is
 * needed only to refresh it).
 */
class Landmark68ReferenceAgreementTest {
    private static Landmark68Net net;

    @BeforeAll
    static void load() throws IOException {
        net = Landmark68Net.loadDefault();
    }

    @Test
    void javaPortAgreesWithTheFaceApiReferenceWithinHalfAPixelOfTheNetworkInput() {
        List<ReferenceCrops.Crop> crops = ReferenceCrops.all();
        assertThat(crops).hasSizeGreaterThanOrEqualTo(20);
        double sum = 0;
        double max = 0;
        int n = 0;
        for (ReferenceCrops.Crop crop : crops) {
            float[] points = net.predict(crop.image());
            for (int k = 0; k < 68; k++) {
                double d = Math.hypot(points[2 * k] - crop.reference()[2 * k],
                        points[2 * k + 1] - crop.reference()[2 * k + 1]) * crop.netScale();
                sum += d;
                max = Math.max(max, d);
                n++;
            }
        }
        double mean = sum / n;
        System.out.printf("landmark port vs face-api reference, %d crops, 112 px frame: mean %.3g px, max %.3g px%n",
                crops.size(), mean, max);
        assertThat(mean).isLessThanOrEqualTo(0.5);
        assertThat(max).isLessThanOrEqualTo(0.5);
    }

    @Test
    void theShippedFolderAndTheJarResourceHoldTheSameNetwork() throws IOException {
        Landmark68Net fromFolder = Landmark68Net.load(Path.of("..", "models", "face-landmark-68"));
        ReferenceCrops.Crop crop = ReferenceCrops.all().get(0);
        assertThat(fromFolder.predict(crop.image())).containsExactly(net.predict(crop.image()));
    }
}
