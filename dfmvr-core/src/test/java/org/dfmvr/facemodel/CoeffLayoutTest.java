package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CoeffLayoutTest {
    @Test
    void givenDfMvrSizes_whenLaidOut_thenTotalIs269() {
        // reference 1.2: 80 + 64 + 80 + 27 + 3 x 6 = 269
        assertEquals(269, new CoeffLayout(80, 64, 80, 3).size());
    }

    @Test
    void givenSingleViewDeep3dSizes_whenLaidOut_thenSharedPartMatchesDeep3dOffsets() {
        CoeffLayout l = new CoeffLayout(80, 64, 80, 1);
        assertEquals(80, l.expOffset());
        assertEquals(144, l.texOffset());
        assertEquals(224, l.gammaOffset());
        assertEquals(251, l.rotationOffset(0));
        assertEquals(257, l.size());
    }

    @Test
    void givenVector_whenSlicingView1Translation_thenTheRightThreeNumbersComeBack() {
        CoeffLayout l = new CoeffLayout(2, 1, 1, 2);
        float[] c = new float[l.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = i;
        }
        int t = l.translationOffset(1);
        assertArrayEquals(new float[] {t, t + 1, t + 2}, l.translation(c, 1));
    }

    @Test
    void givenViewOutOfRange_whenAskingOffset_thenErrorGivesRange() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> new CoeffLayout(80, 64, 80, 3).rotationOffset(3));
        assertEquals("view must be in [0,3), got 3", e.getMessage());
    }

    @Test
    void givenZeroViews_whenConstructed_thenErrorNamesField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CoeffLayout(80, 64, 80, 0));
        assertEquals("CoeffLayout.views must be >= 1, got 0", e.getMessage());
    }
}
