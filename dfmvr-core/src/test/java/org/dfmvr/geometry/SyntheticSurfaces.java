package org.dfmvr.geometry;

import java.util.Random;
import org.dfmvr.mesh.TriangleMesh;

/**
 * Test fixtures: surfaces generated in code (no data files) and random transforms. Shared with pipeline-eval tests
 * and the bench module through the dfmvr-core test-jar.
 */
public final class SyntheticSurfaces {
    private SyntheticSurfaces() {
    }

    /**
     * A face-sized bumpy dome: a grid of {@code n x n} vertices over [-size/2, size/2]^2 with height
     * z = dome + "nose" + "brows" + "cheeks" (smooth Gaussians), enough curvature in every direction for ICP to lock
     * rotation, translation and scale.
     *
     * @param n    vertices per side, &gt;= 2
     * @param size side length (the caller's unit, e.g. mm)
     * @return mesh with [n*n,3] positions, 2(n-1)^2 CCW (+z facing) triangles, no colours
     */
    public static TriangleMesh bumpyDome(int n, double size) {
        return bumpyDome(n, size, 1);
    }

    /**
     * The central part of {@link #bumpyDome(int, double)}: the same surface, {@code n x n} vertices over
     * [-extent size/2, extent size/2]^2 (e.g. a "scan" smaller than the "prediction" covering it).
     *
     * @param extent fraction of the side covered, in (0, 1]
     */
    public static TriangleMesh bumpyDome(int n, double size, double extent) {
        float[] p = new float[3 * n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = extent * size * (i / (double) (n - 1) - 0.5);
                double y = extent * size * (j / (double) (n - 1) - 0.5);
                int v = j * n + i;
                p[3 * v] = (float) x;
                p[3 * v + 1] = (float) y;
                p[3 * v + 2] = (float) height(x / size, y / size, size);
            }
        }
        int[] t = new int[6 * (n - 1) * (n - 1)];
        int k = 0;
        for (int j = 0; j < n - 1; j++) {
            for (int i = 0; i < n - 1; i++) {
                int a = j * n + i, b = a + 1, c = a + n, d = c + 1;
                t[k++] = a;
                t[k++] = b;
                t[k++] = d;
                t[k++] = a;
                t[k++] = d;
                t[k++] = c;
            }
        }
        return new TriangleMesh(p, t, null);
    }

    /** Height of {@link #bumpyDome} at normalised (u, v) in [-0.5, 0.5]^2, in the unit of {@code size}. */
    public static double height(double u, double v, double size) {
        double dome = -0.6 * (u * u + 0.7 * v * v);
        double nose = 0.25 * Math.exp(-(u * u + (v + 0.02) * (v + 0.02)) / 0.004);
        double brows = 0.05 * (Math.exp(-((u - 0.18) * (u - 0.18) + (v - 0.2) * (v - 0.2)) / 0.006)
                + Math.exp(-((u + 0.18) * (u + 0.18) + (v - 0.2) * (v - 0.2)) / 0.006));
        double cheeks = 0.04 * (Math.exp(-((u - 0.22) * (u - 0.22) + (v + 0.1) * (v + 0.1)) / 0.01)
                + Math.exp(-((u + 0.22) * (u + 0.22) + (v + 0.1) * (v + 0.1)) / 0.01));
        return size * (dome + nose + brows + cheeks);
    }

    /**
     * 7 landmarks on the surface in the order of the NoW annotation (eye corners outer, inner, inner, outer, nose
     * tip, mouth corners), [7,3] in the unit of {@code size}.
     */
    public static double[] landmarks(double size) {
        double[][] uv = {{-0.25, 0.15}, {-0.08, 0.15}, {0.08, 0.15}, {0.25, 0.15}, {0, -0.02}, {-0.12, -0.25},
            {0.12, -0.25}};
        double[] out = new double[21];
        for (int k = 0; k < 7; k++) {
            out[3 * k] = uv[k][0] * size;
            out[3 * k + 1] = uv[k][1] * size;
            out[3 * k + 2] = height(uv[k][0], uv[k][1], size);
        }
        return out;
    }

    /** Uniformly random proper rotation of angle at most {@code maxAngle} radians, [3,3] row-major. */
    public static double[] randomRotation(Random random, double maxAngle) {
        double[] axis = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
        double len = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double angle = maxAngle * random.nextDouble();
        return SimilarityTransform.rotationFromAxisAngle(
                new double[] {axis[0] / len * angle, axis[1] / len * angle, axis[2] / len * angle});
    }

    /** A copy of [N,3] points with i.i.d. N(0, sigma^2) added to every coordinate. */
    public static double[] withNoise(double[] points, double sigma, Random random) {
        double[] out = points.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += sigma * random.nextGaussian();
        }
        return out;
    }

    /** The mesh moved by {@code place}, then i.i.d. N(0, sigma^2) added to every vertex coordinate (a "scan"). */
    public static TriangleMesh movedNoisyCopy(TriangleMesh shape, SimilarityTransform place, double sigma,
                                              Random random) {
        double[] moved = withNoise(place.apply(shape.positions()), sigma, random);
        float[] positions = new float[moved.length];
        for (int i = 0; i < moved.length; i++) {
            positions[i] = (float) moved[i];
        }
        return new TriangleMesh(positions, shape.triangles(), null);
    }

    /** [N,3] float positions widened to double. */
    public static double[] toDouble(float[] points) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = points[i];
        }
        return out;
    }

    /** Max absolute difference between two arrays of equal length. */
    public static double maxAbsDifference(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
