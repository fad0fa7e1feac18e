package org.dfmvr.eval.protocol;

import java.util.Arrays;

/** Ground-truth crops of the protocols: which scan vertices are evaluated. */
public final class Crops {
    /** NoW: the crop centre lies this fraction of the way from the nose landmark to the nose bridge. */
    public static final double NOW_CENTRE_FRACTION = 0.3;
    /** NoW: radius = this factor x (eye-corner span + nose-to-bridge length) / 2. */
    public static final double NOW_RADIUS_FACTOR = 1.4;

    private Crops() {
    }

    /**
     * Vertices within {@code radius} (inclusive) of {@code centre}.
     *
     * @param positions [V,3] row-major
     * @param centre    [3], same unit
     * @return increasing 0-based vertex indices
     */
    public static int[] withinSphere(float[] positions, double[] centre, double radius) {
        int[] kept = new int[positions.length / 3];
        int n = 0;
        double r2 = radius * radius;
        for (int v = 0; v < kept.length; v++) {
            double dx = positions[3 * v] - centre[0], dy = positions[3 * v + 1] - centre[1],
                    dz = positions[3 * v + 2] - centre[2];
            if (dx * dx + dy * dy + dz * dz <= r2) {
                kept[n++] = v;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /**
     * NoW's crop sphere (soubhiksanyal/now_evaluation scan2mesh_computations.py; dfmvr-reference.md §2): nose bridge
     * b = (l1 + l2) / 2, centre = l4 + 0.3 (b - l4), radius = 1.4 (|l0 - l3| + |b - l4|) / 2.
     *
     * @return increasing 0-based indices of the scan vertices inside
     */
    public static int[] nowSphere(LandmarkedMesh scan) {
        double[] l = scan.landmarks();
        double[] bridge = new double[3];
        double[] centre = new double[3];
        double eyeSpan = 0, noseLength = 0;
        for (int d = 0; d < 3; d++) {
            bridge[d] = (l[3 * LandmarkedMesh.INNER_EYE_CORNER_A + d] + l[3 * LandmarkedMesh.INNER_EYE_CORNER_B + d]) / 2;
            double nose = l[3 * LandmarkedMesh.NOSE + d];
            centre[d] = nose + NOW_CENTRE_FRACTION * (bridge[d] - nose);
            double e = l[3 * LandmarkedMesh.OUTER_EYE_CORNER_A + d] - l[3 * LandmarkedMesh.OUTER_EYE_CORNER_B + d];
            eyeSpan += e * e;
            noseLength += (bridge[d] - nose) * (bridge[d] - nose);
        }
        double radius = NOW_RADIUS_FACTOR * (Math.sqrt(eyeSpan) + Math.sqrt(noseLength)) / 2;
        return withinSphere(scan.mesh().positions(), centre, radius);
    }
}
