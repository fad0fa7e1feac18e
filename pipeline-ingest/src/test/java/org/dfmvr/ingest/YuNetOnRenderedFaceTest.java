package org.dfmvr.ingest;

import org.dfmvr.detect.FaceDetection;
import org.dfmvr.detect.YuNetDetector;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.render.PngWriter;
import org.dfmvr.synth.SynthSettings;
import org.dfmvr.synth.SyntheticRenderer;
import org.dfmvr.synth.SyntheticSample;
import org.dfmvr.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared YuNet model finds a rendered ICT-FaceKit face and puts its five points near the model's projected
 * landmarks (each point within 4% of the image side; measured 1.5-2.7%). Skips when the shared model or ICT data is
 * absent.
 */
class YuNetOnRenderedFaceTest {
    @Test
    void givenARenderedIctFace_whenDetected_thenTheFivePointsAreNearTheProjectedLandmarks() throws IOException {
        Path yunet = SharedData.require("models/yunet/yunet_s_640_640.onnx");
        Path ict = SharedData.require("ict-facekit/FaceXModel");
        MorphableModel model = FaceModels.load("ict:" + ict);
        int size = 160;
        SynthSettings settings = new SynthSettings(size, List.of(0.0), 0, 0, 0, 1, 0, 0.5, 0.1, 0.0, 0.0,
                List.of("flat"));
        SyntheticSample.View front;
        try (SyntheticRenderer renderer = new SyntheticRenderer(model, settings)) {
            front = renderer.render(1, "s0000", "e00", true).views().get(0);
        }
        List<FaceDetection> faces;
        try (YuNetDetector detector = new YuNetDetector(yunet, 640, 0.5f, 0.3f)) {
            faces = detector.detect(PngWriter.toImage(front.image()));
        }
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
