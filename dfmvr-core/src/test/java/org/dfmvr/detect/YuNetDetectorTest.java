package org.dfmvr.detect;

import org.dfmvr.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YuNetDetectorTest {
    private static FaceDetection box(double x, double score) {
        return new FaceDetection(x, 0, 10, 10, score, new double[10]);
    }

    @Test
    void givenOverlappingBoxes_whenSuppressed_thenOnlyTheBestOfEachClusterRemains() {
        List<FaceDetection> kept = YuNetDetector.nonMaximumSuppression(
                List.of(box(0, 0.8), box(1, 0.95), box(50, 0.7)), 0.3);
        assertEquals(List.of(0.95, 0.7), kept.stream().map(FaceDetection::score).toList());
    }

    @Test
    void givenAMissingModelFile_whenLoaded_thenTheErrorNamesThePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new YuNetDetector(Path.of("/nope/yunet.onnx"), 640, 0.9f, 0.3f));
        assertTrue(e.getMessage().contains("/nope/yunet.onnx"));
    }

    @Test
    void givenAnImageWithoutFaces_whenDetected_thenNothingIsFound() {
        Path model = SharedData.require("models/yunet/yunet_s_640_640.onnx");
        try (YuNetDetector yunet = new YuNetDetector(model, 640, 0.9f, 0.3f)) {
            assertEquals(List.of(), yunet.detect(new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB)));
        }
    }

    @Test
    void givenNoModelFile_whenTheBuiltinModelIsLoaded_thenItComesFromTheClassPathAndRuns() {
        try (YuNetDetector yunet = YuNetDetector.builtin(YuNetDetector.BUILTIN_INPUT_SIZE, 0.9f, 0.3f)) {
            assertEquals(List.of(), yunet.detect(new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB)));
        }
    }

    @Test
    void givenTheBuiltinModel_whenAskedForAnotherInputSize_thenTheErrorSaysItIsAFixedExport() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> YuNetDetector.builtin(320, 0.9f, 0.3f));
        assertTrue(e.getMessage().contains("fixed 640x640"), e.getMessage());
    }
}
