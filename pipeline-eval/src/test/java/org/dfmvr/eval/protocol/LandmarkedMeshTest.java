package org.dfmvr.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

class LandmarkedMeshTest {
    private static final TriangleMesh MESH = new TriangleMesh(
            new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 2, 0, 1, 0, 2, 1, 2, 2, 2, 3, 3, 3},
            new int[] {0, 1, 2}, null);

    @Test
    void givenVertexIds_whenFromVertices_thenLandmarksAreThoseVertices() {
        LandmarkedMesh m = LandmarkedMesh.fromVertices(MESH, new int[] {7, 6, 5, 4, 3, 2, 1});
        assertArrayEquals(new double[] {3, 3, 3}, m.landmark(0));
        assertArrayEquals(new double[] {1, 0, 0}, m.landmark(LandmarkedMesh.MOUTH_CORNER_B));
    }

    @Test
    void givenAVertexIdOutsideTheMesh_whenFromVertices_thenRejectedNamingIdAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LandmarkedMesh.fromVertices(MESH, new int[] {0, 1, 2, 3, 4, 5, 8}));
        assertTrue(e.getMessage().contains("8") && e.getMessage().contains("[0,8)"), e.getMessage());
    }

    @Test
    void givenSixLandmarks_whenConstructed_thenRejectedNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LandmarkedMesh(MESH, new double[18]));
        assertTrue(e.getMessage().contains("[7,3]") && e.getMessage().contains("18"), e.getMessage());
    }
}
