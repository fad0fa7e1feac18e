package org.dfmvr.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RigidPoseTest {
    @Test
    void givenYawAndTranslation_whenApplied_thenPointIsRotatedThenTranslated() {
        // R = Ry(90 deg) maps (1,2,3) to (3,2,-1); then + (10,20,30)
        RigidPose pose = RigidPose.of(new float[] {0, (float) (Math.PI / 2), 0}, new float[] {10, 20, 30});
        assertArrayEquals(new float[] {13, 22, 29}, pose.apply(new float[] {1, 2, 3}), 1e-5f);
    }

    @Test
    void givenTranslation_whenAppliedToDirections_thenDirectionsAreOnlyRotated() {
        RigidPose pose = RigidPose.of(new float[] {0, 0, (float) (Math.PI / 2)}, new float[] {5, 5, 5});
        float[] out = new float[3];
        pose.applyToDirections(new float[] {1, 0, 0}, out);
        assertArrayEquals(new float[] {0, 1, 0}, out, 1e-6f);
    }

    @Test
    void givenTwoTranslationValues_whenBuilding_thenErrorNamesExpectedCount() {
        var e = assertThrows(IllegalArgumentException.class, () -> RigidPose.of(new float[3], new float[2]));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("3 values"), e.getMessage());
    }
}
