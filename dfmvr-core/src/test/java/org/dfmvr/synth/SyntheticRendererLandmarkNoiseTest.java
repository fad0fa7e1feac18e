package org.dfmvr.synth;

import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code dfmvr.synth.landmark-noise-px}: noisy stored landmarks, the same images. */
class SyntheticRendererLandmarkNoiseTest {
    private static MorphableModel model;

    @BeforeAll
    static void loadModel() throws IOException {
        model = FaceModels.load("synthface");
    }

    @Test
    void givenLandmarkNoise_whenRendered_thenTheImagesAreTheSameAndTheLandmarksMoveByAboutSigma() {
        SyntheticSample exact = render(0.0), noisy = render(0.5);

        double sum = 0;
        int n = 0;
        for (int v = 0; v < 3; v++) {
            assertThat(noisy.views().get(v).image().data()).isEqualTo(exact.views().get(v).image().data());
            float[] a = exact.views().get(v).landmarks68(), b = noisy.views().get(v).landmarks68();
            for (int i = 0; i < a.length; i++) {
                sum += (b[i] - a[i]) * (b[i] - a[i]);
                n++;
            }
        }
        assertThat(Math.sqrt(sum / n)).isBetween(0.4, 0.6);
    }

    @Test
    void givenNegativeLandmarkNoise_whenConfigured_thenRejectedNamingTheKey() {
        assertThatThrownBy(() -> settings(-1)).hasMessageContaining("landmark-noise-px");
    }

    private static SyntheticSample render(double landmarkNoisePx) {
        try (SyntheticRenderer renderer = new SyntheticRenderer(model, settings(landmarkNoisePx))) {
            return renderer.render(7, "s0001", "e01", false);
        }
    }

    private static SynthSettings settings(double landmarkNoisePx) {
        return new SynthSettings(64, List.of(-45.0, 0.0, 45.0), 5, 4, 8, 1, 0.6, 0.5, 0.15, 0.01, landmarkNoisePx,
                List.of("flat", "noise"));
    }
}
