package org.dfmvr.dataset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WeightMapTest {
    private static final int W = 30, H = 30;

    /** A face of skin covering columns 2..27, background outside, one "nose" pixel (label 6) at (15,15). */
    private static int[] faceWithOnePartPixel() {
        int[] labels = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 2; x < 28; x++) {
                labels[y * W + x] = 1;
            }
        }
        labels[15 * W + 15] = 6;
        return labels;
    }

    @Test
    void givenOnePartPixel_whenWeighted_thenATenByTenBlockAroundItGetsThePartLevel() {
        int[] w = WeightMap.of(faceWithOnePartPixel(), W, H, 10);
        int parts = 0;
        for (int v : w) {
            parts += v == WeightMap.PART ? 1 : 0;
        }
        assertEquals(100, parts);
        // OpenCV anchor (5,5): the source pixel lights [x-4, x+5] x [y-4, y+5]
        assertEquals(WeightMap.PART, w[11 * W + 11]);
        assertEquals(WeightMap.PART, w[20 * W + 20]);
        assertEquals(WeightMap.SKIN, w[10 * W + 10]);
        assertEquals(WeightMap.SKIN, w[21 * W + 21]);
    }

    @Test
    void givenBackgroundNextToAPart_whenWeighted_thenDilationDoesNotLeakIntoBackground() {
        int[] labels = faceWithOnePartPixel();
        labels[15 * W + 3] = 4; // an "eye" pixel at the face border: the dilation reaches column 0..1 (background)
        int[] w = WeightMap.of(labels, W, H, 10);
        assertEquals(WeightMap.BACKGROUND, w[15 * W]);
        assertEquals(WeightMap.BACKGROUND, w[15 * W + 1]);
        assertEquals(WeightMap.PART, w[15 * W + 2]);
    }

    @Test
    void givenSkinAndBackground_whenWeighted_thenTheyGetTheirLevels() {
        int[] w = WeightMap.of(faceWithOnePartPixel(), W, H, 10);
        assertEquals(WeightMap.BACKGROUND, w[0]);
        assertEquals(WeightMap.SKIN, w[2]);
    }
}
