package org.dfmvr.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LandmarkFileTest {
    @Test
    void givenAnLm3File_whenParsed_thenLabelsMapToTheirPoints() {
        String lm3 = "# bs000_N_N_0\n\n2 landmarks:\n".replace(":", "") + "Nose tip\n1.5 -2 30\nLeft mouth corner\n-20 -30 10\n";
        Map<String, double[]> m = LandmarkFile.parse(lm3.getBytes(StandardCharsets.UTF_8), "a.lm3", 3);
        assertThat(m).containsOnlyKeys("Nose tip", "Left mouth corner");
        assertArrayEquals(new double[] {1.5, -2, 30}, m.get("Nose tip"));
    }

    @Test
    void givenAnLm2File_whenParsed_thenLabelsComeFirstThenCoordinates() {
        String lm2 = "# header\n2 landmarks\nNose tip\nChin middle\n100 120\n101 180\n";
        Map<String, double[]> m = LandmarkFile.parse(lm2.getBytes(StandardCharsets.UTF_8), "a.lm2", 2);
        assertArrayEquals(new double[] {101, 180}, m.get("Chin middle"));
    }

    @Test
    void givenABadNumber_whenParsed_thenTheErrorNamesFileAndLine() {
        String lm3 = "1 landmarks\nNose tip\n1 x 3\n";
        MalformedFileException e = assertThrows(MalformedFileException.class,
                () -> LandmarkFile.parse(lm3.getBytes(StandardCharsets.UTF_8), "b.lm3", 3));
        assertThat(e.getMessage()).contains("b.lm3").contains("line 3").contains("'x'");
    }

    @Test
    void givenTooFewLines_whenParsed_thenTheErrorSaysHowManyWereNeeded() {
        MalformedFileException e = assertThrows(MalformedFileException.class,
                () -> LandmarkFile.parse("3 landmarks\nNose tip\n1 2 3\n".getBytes(StandardCharsets.UTF_8), "c.lm3", 3));
        assertThat(e.getMessage()).contains("declares 3").contains("need 6");
    }
}
