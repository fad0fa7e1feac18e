package org.dfmvr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

class PointToPlaneEstimatorTest {

    @Test
    void givenPointsAboveATiltedPlane_whenResidualAgainstTheClosestSurfacePoint_thenAnalyticPlaneDistance() {
        // plane n.x = d with n = (1,2,2)/3, d = 5: a large square of two triangles on it
        double[] n = {1 / 3.0, 2 / 3.0, 2 / 3.0};
        double d = 5;
        double[] u = {2 / 3.0, -2 / 3.0, 1 / 3.0};
        double[] v = {2 / 3.0, 1 / 3.0, -2 / 3.0}; // u x v = n: CCW seen from +n
        float[] positions = new float[12];
        double[][] corners = {{-100, -100}, {100, -100}, {100, 100}, {-100, 100}};
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 3; i++) {
                positions[3 * k + i] = (float) (d * n[i] + corners[k][0] * u[i] + corners[k][1] * v[i]);
            }
        }
        TriangleMesh plane = new TriangleMesh(positions, new int[] {0, 1, 2, 0, 2, 3}, null);
        double[] source = {0, 0, 0, 10, -3, 4, 1, 1, 1, -7, 2, 9};
        Correspondences c = new Correspondences(4);
        new ClosestSurfaceCorrespondences(new MeshSurfaceIndex(plane)).find(source, Double.POSITIVE_INFINITY, c);
        PointToPlaneEstimator metric = new PointToPlaneEstimator(TransformModel.RIGID);
        for (int i = 0; i < 4; i++) {
            double signed = n[0] * source[3 * i] + n[1] * source[3 * i + 1] + n[2] * source[3 * i + 2] - d;
            assertEquals(signed * signed, metric.squaredResidual(source, i, c), 1e-4,
                    "point " + i + " (float plane corners limit precision to ~1e-5)");
        }
    }
}
