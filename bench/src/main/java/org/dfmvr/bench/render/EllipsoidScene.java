package org.dfmvr.bench.render;

/**
 * A synthetic closed surface for rasterizer benchmarks: a latitude-longitude ellipsoid (head-like radii 0.8 x 1.0 x
 * 0.75) with {@code rings * segments + 2} vertices and {@code 2 * rings * segments} triangles, seen by a pinhole camera
 * on its +z axis and scaled so its silhouette covers about {@code coverage} of a square image.
 */
final class EllipsoidScene {
    private static final double RX = 0.8, RY = 1.0, RZ = 0.75, CAMERA_DISTANCE = 10;

    /** [V,3] row-major projected vertices: pixel x (right), pixel y (down), depth = distance along the view axis. */
    final float[] screenVertices;
    /** [T,3] row-major 0-based vertex indices, counter-clockwise seen from outside. */
    final int[] triangles;

    EllipsoidScene(int rings, int segments, int imageSize, double coverage) {
        int v = rings * segments + 2;
        double[] world = new double[3 * v];
        for (int i = 0; i < rings; i++) {
            double theta = Math.PI * (i + 1) / (rings + 1);
            for (int j = 0; j < segments; j++) {
                double phi = 2 * Math.PI * j / segments;
                int k = 3 * (i * segments + j);
                world[k] = RX * Math.sin(theta) * Math.cos(phi);
                world[k + 1] = RY * Math.cos(theta);
                world[k + 2] = RZ * Math.sin(theta) * Math.sin(phi);
            }
        }
        int north = rings * segments, south = north + 1;
        world[3 * north + 1] = RY;
        world[3 * south + 1] = -RY;
        triangles = new int[6 * rings * segments];
        int t = 0;
        for (int j = 0; j < segments; j++) {
            int jn = (j + 1) % segments;
            t = add(world, t, north, j, jn);
            for (int i = 0; i + 1 < rings; i++) {
                int a = i * segments + j, b = i * segments + jn, c = a + segments, d = b + segments;
                t = add(world, t, a, c, d);
                t = add(world, t, a, d, b);
            }
            t = add(world, t, south, (rings - 1) * segments + jn, (rings - 1) * segments + j);
        }
        // silhouette area = pi RX RY (f/D)^2 = coverage * size^2
        double focal = CAMERA_DISTANCE * imageSize * Math.sqrt(coverage / (Math.PI * RX * RY));
        screenVertices = new float[3 * v];
        for (int k = 0; k < v; k++) {
            double depth = CAMERA_DISTANCE - world[3 * k + 2];
            screenVertices[3 * k] = (float) (imageSize / 2.0 + focal * world[3 * k] / depth);
            screenVertices[3 * k + 1] = (float) (imageSize / 2.0 - focal * world[3 * k + 1] / depth);
            screenVertices[3 * k + 2] = (float) depth;
        }
    }

    /** Adds triangle (a, b, c), flipped if needed so that it is counter-clockwise seen from outside. */
    private int add(double[] p, int t, int a, int b, int c) {
        double e1x = p[3 * b] - p[3 * a], e1y = p[3 * b + 1] - p[3 * a + 1], e1z = p[3 * b + 2] - p[3 * a + 2];
        double e2x = p[3 * c] - p[3 * a], e2y = p[3 * c + 1] - p[3 * a + 1], e2z = p[3 * c + 2] - p[3 * a + 2];
        double nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
        // the ellipsoid is convex around the origin: outward means along the centroid
        double out = nx * (p[3 * a] + p[3 * b] + p[3 * c]) + ny * (p[3 * a + 1] + p[3 * b + 1] + p[3 * c + 1])
                + nz * (p[3 * a + 2] + p[3 * b + 2] + p[3 * c + 2]);
        triangles[t] = a;
        triangles[t + 1] = out >= 0 ? b : c;
        triangles[t + 2] = out >= 0 ? c : b;
        return t + 3;
    }

    int vertexCount() {
        return screenVertices.length / 3;
    }

    int triangleCount() {
        return triangles.length / 3;
    }
}
