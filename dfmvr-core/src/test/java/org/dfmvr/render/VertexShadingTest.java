package org.dfmvr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VertexShadingTest {
    /** 2x2 image; pixel (0,0) shows triangle 0 with barycentrics (0.5,0.3,0.2), (0,1) triangle 1 at its corner 2. */
    private static Fragments fragments() {
        int[] ids = {0, 1, Fragments.EMPTY, Fragments.EMPTY};
        float[] bary = {0.5f, 0.3f, 0.2f, 0.1f, 0.2f, 0.7f, 0, 0, 0, 0, 0, 0};
        float[] depth = {2f, 3f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY};
        return new Fragments(2, 2, ids, bary, depth, 0);
    }

    private static final int[] TRIANGLES = {0, 1, 2, 2, 1, 3};

    @Test
    void givenVertexColours_whenShaded_thenCoveredPixelsAreBarycentricBlendsAndEmptyOnesTheBackground() {
        float[] colors = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1};
        FloatImage rgb = VertexShading.rgb(fragments(), TRIANGLES, colors, new float[] {0.25f, 0.5f, 0.75f});
        assertArrayEquals(new float[] {0.5f, 0.3f, 0.2f}, pixel(rgb, 0), 1e-6f);
        // triangle 1 = (2,1,3): 0.1*blue + 0.2*green + 0.7*white
        assertArrayEquals(new float[] {0.7f, 0.9f, 0.8f}, pixel(rgb, 1), 1e-6f);
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f}, pixel(rgb, 2), 0f);
    }

    @Test
    void givenFragments_whenMasked_thenOneOnCoveredPixelsAndZeroElsewhere() {
        assertArrayEquals(new float[] {1, 1, 0, 0}, VertexShading.mask(fragments()).data());
    }

    @Test
    void givenVertexLabels_whenLabelled_thenEachPixelTakesTheLabelOfTheCornerWithTheLargestBarycentric() {
        LabelMap labels = VertexShading.labels(fragments(), TRIANGLES, new int[] {6, 7, 8, 9}, 0);
        // pixel 0: corner 0 (vertex 0) has 0.5; pixel 1: corner 2 (vertex 3) has 0.7
        assertArrayEquals(new int[] {6, 9, 0, 0}, labels.labels());
    }

    @Test
    void givenFragments_whenDepthMapped_thenEmptyPixelsGetTheBackgroundValue() {
        assertArrayEquals(new float[] {2, 3, -1, -1}, VertexShading.depth(fragments(), -1f).data());
    }

    @Test
    void givenTrianglesThatAreNotTheRasterizedOnes_whenShaded_thenTheErrorSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VertexShading.rgb(fragments(), new int[] {0, 1, 2}, new float[9], new float[3]));
        assertTrue(e.getMessage().contains("fragments refer to triangle 1 but triangles has only 1 rows"),
                e.getMessage());
    }

    @Test
    void givenAWrongBackgroundLength_whenShaded_thenTheErrorNamesExpectedAndActual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VertexShading.rgb(fragments(), TRIANGLES, new float[12], new float[2]));
        assertEquals("background must have 3 values, got 2", e.getMessage());
    }

    private static float[] pixel(FloatImage image, int p) {
        return java.util.Arrays.copyOfRange(image.data(), 3 * p, 3 * p + 3);
    }
}
