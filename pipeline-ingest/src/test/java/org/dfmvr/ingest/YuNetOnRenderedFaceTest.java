package org.dfmvr.ingest;

import org.apache.hadoop.conf.Configuration;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.detect.FaceDetection;
import org.dfmvr.detect.YuNetDetector;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.render.PngWriter;
import org.dfmvr.synth.SynthSettings;
import org.dfmvr.synth.SyntheticRenderer;
import org.dfmvr.synth.SyntheticSample;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default configuration (no detector path set) the shipped YuNet model finds a rendered face of the shipped
 * ICT-derived face model and puts its five points near the model's projected landmarks (each point within 4% of the
 * image side). Needs nothing outside the repository.
 */
class YuNetOnRenderedFaceTest {
    @Test
    void givenARenderedIctFace_whenDetected_thenTheFivePointsAreNearTheProjectedLandmarks() throws IOException {
        MorphableModel model = FaceModels.load(FaceModels.ICT_FACE);
        int size = 160;
        SynthSettings settings = new SynthSettings(size, List.of(0.0), 0, 0, 0, 1, 0, 0.5, 0.1, 0.0, 0.0,
                List.of("flat"));
        SyntheticSample.View front;
        try (SyntheticRenderer renderer = new SyntheticRenderer(model, settings)) {
            front = renderer.render(1, "s0000", "e00", true).views().get(0);
        }
        List<FaceDetection> faces;
        IngestSettings.Detector configured = IngestSettings.from(DfmvrConfig.defaults()).detector();
        assertThat(configured.model()).isEqualTo(YuNetDetector.BUILTIN);
        faces = Detectors.get(configured, "test", new Configuration()).detect(PngWriter.toImage(front.image()));
        assertThat(faces).hasSize(1);
        double[][] detected = faces.get(0).fivePoints();
        double[][] truth = SyntheticReader.fivePoints(front.landmarks68());
        double[] deviation = new double[5];
        for (int i = 0; i < 5; i++) {
            deviation[i] = Math.hypot(detected[i][0] - truth[i][0], detected[i][1] - truth[i][1]) / size;
        }
        System.out.printf("YuNet on rendered ICT face (%d px): score %.3f, deviation / image side: eyes %.3f %.3f, "
                + "nose %.3f, mouth %.3f %.3f%n", size, faces.get(0).score(), deviation[0], deviation[1], deviation[2],
                deviation[3], deviation[4]);
        assertThat(deviation[0]).isLessThan(0.04);
        assertThat(deviation[1]).isLessThan(0.04);
        assertThat(deviation[2]).isLessThan(0.04);
        assertThat(deviation[3]).isLessThan(0.04);
        assertThat(deviation[4]).isLessThan(0.04);
    }
}
