package org.dfmvr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

class MeshSurfaceIndexTest {

    @Test
    void givenRandomQueries_whenClosestPoint_thenEqualsBruteForceOverAllTriangles() {
        TriangleMesh mesh = SyntheticSurfaces.bumpyDome(25, 100);
        MeshSurfaceIndex index = new MeshSurfaceIndex(mesh);
        double[] corners = new double[9 * mesh.triangleCount()];
        for (int t = 0; t < mesh.triangleCount(); t++) {
            for (int v = 0; v < 3; v++) {
                for (int d = 0; d < 3; d++) {
                    corners[9 * t + 3 * v + d] = mesh.positions()[3 * mesh.triangles()[3 * t + v] + d];
                }
            }
        }
        Random random = new Random(9);
        double[] hit = new double[4];
        double[] candidate = new double[3];
        for (int n = 0; n < 300; n++) {
            double x = -70 + 140 * random.nextDouble(), y = -70 + 140 * random.nextDouble(),
                    z = -60 + 100 * random.nextDouble();
            int triangle = index.closestPoint(x, y, z, hit);
            double brute = Double.POSITIVE_INFINITY;
            for (int t = 0; t < mesh.triangleCount(); t++) {
                ClosestPointOnTriangle.closestPoint(x, y, z, corners, 9 * t, candidate);
                brute = Math.min(brute, sq(candidate[0] - x) + sq(candidate[1] - y) + sq(candidate[2] - z));
            }
            assertEquals(brute, hit[3], 1e-9 * (1 + brute));
            ClosestPointOnTriangle.closestPoint(x, y, z, corners, 9 * triangle, candidate);
            assertEquals(0, SyntheticSurfaces.maxAbsDifference(candidate, new double[] {hit[0], hit[1], hit[2]}),
                    1e-12, "the returned triangle holds the returned point");
        }
    }

    @Test
    void givenANonFiniteQuery_whenClosestPoint_thenRejectedNamingTheQuery() {
        MeshSurfaceIndex index = new MeshSurfaceIndex(SyntheticSurfaces.bumpyDome(3, 1));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> index.closestPoint(Double.NaN, 0, 0, new double[4]));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    private static double sq(double v) {
        return v * v;
    }
}
