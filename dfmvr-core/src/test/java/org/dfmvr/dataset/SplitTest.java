package org.dfmvr.dataset;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    private final Split split = new Split(0.8, 0.1, 42);

    @Test
    void givenTheSameSubject_whenAssignedTwice_thenTheSplitIsTheSame() {
        assertEquals(split.of("subject-0007"), new Split(0.8, 0.1, 42).of("subject-0007"));
    }

    @Test
    void givenManySubjects_whenAssigned_thenTheFractionsAreMetWithinSamplingNoise() {
        Map<String, Integer> counts = new HashMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            counts.merge(split.of("s" + i), 1, Integer::sum);
        }
        assertEquals(0.8, counts.get(Split.TRAIN) / (double) n, 0.015);
        assertEquals(0.1, counts.get(Split.VAL) / (double) n, 0.01);
        assertEquals(0.1, counts.get(Split.TEST) / (double) n, 0.01);
    }

    @Test
    void givenAnotherSeed_whenAssigned_thenAssignmentsDiffer() {
        Split other = new Split(0.8, 0.1, 43);
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            differ += split.of("s" + i).equals(other.of("s" + i)) ? 0 : 1;
        }
        assertTrue(differ > 100, "only " + differ + " of 1000 differ");
    }

    @Test
    void givenFractionsAboveOne_whenCreated_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Split(0.9, 0.2, 1));
    }
}
