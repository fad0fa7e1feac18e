package org.dfmvr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RasterSettingsTest {
    @ParameterizedTest(name = "{0}x{1}, threads {2}, near {3} -> {4}")
    @CsvSource(delimiter = ';', value = {
        "0; 10; 1; 0.01; imageHeight must be in [1,8192], got 0",
        "10; 9000; 1; 0.01; imageWidth must be in [1,8192], got 9000",
        "10; 10; 0; 0.01; threads must be in [1,256], got 0",
        "10; 10; 1; 0; nearDepth must be finite and > 0, got 0.0",
        "10; 10; 1; NaN; nearDepth must be finite and > 0, got NaN"})
    void givenAnOutOfRangeValue_whenConstructed_thenTheErrorNamesKeyExpectedAndActual(
            int h, int w, int threads, float near, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RasterSettings(h, w, true, near, true, threads));
        assertEquals(message, e.getMessage());
    }

    @Test
    void givenTheSquareFactory_whenBuilt_thenItCullsBackFacesAndIsPerspectiveCorrectAtTheDefaultNear() {
        RasterSettings s = RasterSettings.square(224);
        assertEquals(224, s.imageHeight());
        assertEquals(224, s.imageWidth());
        assertEquals(true, s.cullBackFaces());
        assertEquals(true, s.perspectiveCorrect());
        assertEquals(RasterSettings.DEFAULT_NEAR_DEPTH, s.nearDepth());
    }
}
