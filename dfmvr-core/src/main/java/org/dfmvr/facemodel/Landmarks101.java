package org.dfmvr.facemodel;

import java.util.ArrayList;
import java.util.List;
import org.dfmvr.mesh.MeshNormals;

/**
 * Derives the 101 3D-landmark vertex ids (DF-MVR's Pixel-Face convention, docs/facemodel.md) of a model that has only
 * the 68 Multi-PIE ids, such as ICT-FaceKit.
 *
 * <p>The 101 points are the 106-point markup without rows 3, 15, 17, 25, 27. Points the 68 markup also has are its
 * vertices (jaw 0-16 as contour rows 0, 2, .., 32; brows; nose; eyes; lips), so the 7 alignment points are the same
 * vertices in both sets and sit at rows 47, 50, 53, 56, 41, 79, 85. The others are placed relative to them and then
 * snapped to the nearest vertex:
 * <ul>
 *   <li>contour rows between two jaw points: the vertex nearest (3D) to their midpoint;</li>
 *   <li>lower brows (4 per side, outer to inner): below the middle of each upper-brow segment, 35 % of the way down
 *       to the eye's upper lid;</li>
 *   <li>mid-lids and eye centres: the middle of the two upper-lid points, of the two lower-lid points, and of all six
 *       eye points (an open eye has no vertex there, so the centre snaps to a lid vertex); the pupils reuse the eye
 *       centres;</li>
 *   <li>nose wings (upper, outer, lower per side): from the nostril points 31/35, 32/34 and the bridge point 29, at
 *       the proportions of the synthetic model's anatomical targets.</li>
 * </ul>
 * All but the contour snap in the frontal projection (x, y) among front-facing vertices (normal z &gt; 0.3), like
 * {@link SyntheticFaceModel}'s targets. The model must face +z with y up. This is an approximation of the markup by
 * construction, not an annotation: the 68 shared points are exact, the derived ones are within a few mm of where an
 * annotator would put them.
 */
final class Landmarks101 {
    /** Rows of the 106-point markup that DF-MVR drops (reference §8, ignore_index_5). */
    private static final int[] DROPPED_106_ROWS = {3, 15, 17, 25, 27};

    private Landmarks101() {
    }

    /** The 101 ids for {@code shape} [V,3] with {@code triangles} and its 68 landmark ids. */
    static int[] derive(float[] shape, int[] triangles, int[] l68) {
        int v = shape.length / 3;
        float[] normals = new float[shape.length];
        MeshNormals.vertexNormals(shape, triangles, normals);
        boolean[] front = new boolean[v];
        for (int i = 0; i < v; i++) {
            front[i] = normals[3 * i + 2] > 0.3;
        }
        List<Integer> rows = new ArrayList<>();
        for (int k = 0; k <= 16; k++) {
            rows.add(l68[k]);
            if (k < 16) {
                rows.add(nearest3d(shape, mid(p(shape, l68[k]), p(shape, l68[k + 1]), 0.5)));
            }
        }
        for (int i = 17; i <= 47; i++) {
            rows.add(l68[i]); // upper brows 17-26, bridge 27-30, nose bottom 31-35, eyes 36-47
        }
        double eyeTopRight = (p(shape, l68[37])[1] + p(shape, l68[38])[1]) / 2;
        double eyeTopLeft = (p(shape, l68[43])[1] + p(shape, l68[44])[1]) / 2;
        for (int k = 0; k < 4; k++) { // subject's right brow 17..21 runs outer to inner
            rows.add(lowerBrow(shape, front, l68[17 + k], l68[18 + k], eyeTopRight));
        }
        for (int k = 0; k < 4; k++) { // left brow 22..26 runs inner to outer
            rows.add(lowerBrow(shape, front, l68[26 - k], l68[25 - k], eyeTopLeft));
        }
        int[] centres = new int[2];
        for (int side = 0; side < 2; side++) {
            int e = side == 0 ? 36 : 42;
            rows.add(nearestFrontal(shape, front, mid(p(shape, l68[e + 1]), p(shape, l68[e + 2]), 0.5)));
            rows.add(nearestFrontal(shape, front, mid(p(shape, l68[e + 4]), p(shape, l68[e + 5]), 0.5)));
            double[] c = new double[3];
            for (int i = e; i < e + 6; i++) {
                double[] q = p(shape, l68[i]);
                for (int a = 0; a < 3; a++) {
                    c[a] += q[a] / 6;
                }
            }
            centres[side] = nearestFrontal(shape, front, c);
            rows.add(centres[side]);
        }
        double[] bridge = p(shape, l68[29]);
        int[][] wingRows = new int[3][2];
        for (int side = 0; side < 2; side++) {
            double[] outer = p(shape, l68[side == 0 ? 31 : 35]);
            double[] inner = p(shape, l68[side == 0 ? 32 : 34]);
            double dy = bridge[1] - outer[1];
            wingRows[0][side] = nearestFrontal(shape, front,
                    new double[] {0.67 * outer[0] + 0.33 * bridge[0], bridge[1] - dy / 6, 0});
            wingRows[1][side] = nearestFrontal(shape, front, new double[] {outer[0], outer[1] + dy / 3, 0});
            wingRows[2][side] = nearestFrontal(shape, front,
                    new double[] {(outer[0] + inner[0]) / 2, (outer[1] + inner[1]) / 2 + dy / 8, 0});
        }
        for (int[] pair : wingRows) { // upper, outer, lower; right side first
            rows.add(pair[0]);
            rows.add(pair[1]);
        }
        for (int i = 48; i <= 67; i++) {
            rows.add(l68[i]);
        }
        rows.add(centres[0]);
        rows.add(centres[1]);
        for (int k = DROPPED_106_ROWS.length - 1; k >= 0; k--) {
            rows.remove(DROPPED_106_ROWS[k]);
        }
        if (rows.size() != MorphableModel.LANDMARK3D_COUNT) {
            throw new IllegalStateException("derived " + rows.size() + " 3D landmarks, expected "
                    + MorphableModel.LANDMARK3D_COUNT);
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lowerBrow(float[] shape, boolean[] front, int outerId, int innerId, double eyeTopY) {
        double[] m = mid(p(shape, outerId), p(shape, innerId), 0.5);
        m[1] -= 0.35 * (m[1] - eyeTopY);
        return nearestFrontal(shape, front, m);
    }

    private static double[] p(float[] shape, int id) {
        return new double[] {shape[3 * id], shape[3 * id + 1], shape[3 * id + 2]};
    }

    private static double[] mid(double[] a, double[] b, double t) {
        return new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])};
    }

    private static int nearest3d(float[] shape, double[] target) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < shape.length / 3; i++) {
            double d = 0;
            for (int a = 0; a < 3; a++) {
                double x = shape[3 * i + a] - target[a];
                d += x * x;
            }
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static int nearestFrontal(float[] shape, boolean[] front, double[] target) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < front.length; i++) {
            if (!front[i]) {
                continue;
            }
            double dx = shape[3 * i] - target[0], dy = shape[3 * i + 1] - target[1];
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no front-facing vertex (normal z > 0.3): the model must face +z");
        }
        return best;
    }
}
