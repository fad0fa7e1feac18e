package org.dfmvr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KdTreeNearestNeighboursTest {

    @Test
    void givenRandomPoints_whenNearest_thenSameDistanceAsBruteForce() {
        Random random = new Random(13);
        double[] points = new double[3 * 2000];
        for (int i = 0; i < points.length; i++) {
            points[i] = 100 * random.nextDouble();
        }
        PointNearestNeighbours index = PointNearestNeighbours.kdTree(points);
        double[] d = new double[1];
        for (int n = 0; n < 300; n++) {
            double x = 120 * random.nextDouble() - 10, y = 120 * random.nextDouble() - 10,
                    z = 120 * random.nextDouble() - 10;
            int found = index.nearest(x, y, z, Double.POSITIVE_INFINITY, d);
            double brute = Double.POSITIVE_INFINITY;
            for (int i = 0; i < points.length; i += 3) {
                brute = Math.min(brute, sq(points[i] - x) + sq(points[i + 1] - y) + sq(points[i + 2] - z));
            }
            assertEquals(brute, d[0], 1e-9);
            assertEquals(brute, sq(points[3 * found] - x) + sq(points[3 * found + 1] - y)
                    + sq(points[3 * found + 2] - z), 1e-9);
        }
    }

    @Test
    void givenARadius_whenNearestIsFarther_thenMinusOne() {
        PointNearestNeighbours index = PointNearestNeighbours.kdTree(new double[] {0, 0, 0, 10, 0, 0});
        double[] d = new double[1];
        assertEquals(-1, index.nearest(5, 4, 0, 16, d), "both points are sqrt(41) > 4 away");
        assertEquals(1, index.nearest(9, 0, 0, 1.0001, d));
        assertEquals(1, d[0], 1e-12);
    }

    private static double sq(double v) {
        return v * v;
    }
}
