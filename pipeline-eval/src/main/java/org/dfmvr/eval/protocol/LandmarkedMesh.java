package org.dfmvr.eval.protocol;

import org.dfmvr.mesh.TriangleMesh;

/**
 * A mesh with the 7 landmarks the protocols align on, in the order of the NoW annotation
 * (soubhiksanyal/now_evaluation, landmarks_7_annotated.png; dfmvr-reference.md §2): outer eye corner, inner eye
 * corner, inner eye corner, the other outer eye corner, nose, mouth corner, mouth corner. DF-MVR picks them on
 * BFM-front vertices 2215, 5828, 10455, 14065, 8192 (nose tip), 5522, 10795 (§1.8); NoW's landmark 4 is the nose
 * bottom instead.
 *
 * @param mesh      the surface (a prediction, or a ground-truth scan whose triangles may be unused)
 * @param landmarks [7,3] row-major landmark positions, the mesh's unit and frame
 */
public record LandmarkedMesh(TriangleMesh mesh, double[] landmarks) {
    public static final int LANDMARK_COUNT = 7;
    public static final int OUTER_EYE_CORNER_A = 0;
    public static final int INNER_EYE_CORNER_A = 1;
    public static final int INNER_EYE_CORNER_B = 2;
    public static final int OUTER_EYE_CORNER_B = 3;
    public static final int NOSE = 4;
    public static final int MOUTH_CORNER_A = 5;
    public static final int MOUTH_CORNER_B = 6;
    /**
     * DF-MVR's 7 landmark vertices in BFM-front topology (35,709 vertices), 0-based, for predictions and for ground
     * truth registered to that topology (weiguangzhao/DF_MVR test_pixel_face.py gt_al_index / pre_al_index;
     * dfmvr-reference.md §1.8).
     */
    public static final int[] DFMVR_BFM_FRONT_VERTICES = {2215, 5828, 10455, 14065, 8192, 5522, 10795};

    public LandmarkedMesh {
        if (mesh == null) {
            throw new IllegalArgumentException("mesh must not be null");
        }
        if (landmarks == null || landmarks.length != 3 * LANDMARK_COUNT) {
            throw new IllegalArgumentException("landmarks must be [7,3] = 21 values, got "
                    + (landmarks == null ? "null" : landmarks.length));
        }
        for (double v : landmarks) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("landmarks must be finite, got " + java.util.Arrays.toString(landmarks));
            }
        }
        landmarks = landmarks.clone();
    }

    /** Landmarks taken from mesh vertices (e.g. {@link #DFMVR_BFM_FRONT_VERTICES}), [7] 0-based vertex ids. */
    public static LandmarkedMesh fromVertices(TriangleMesh mesh, int[] landmarkVertices) {
        if (landmarkVertices.length != LANDMARK_COUNT) {
            throw new IllegalArgumentException("landmarkVertices must hold 7 vertex ids, got " + landmarkVertices.length);
        }
        double[] l = new double[3 * LANDMARK_COUNT];
        for (int k = 0; k < LANDMARK_COUNT; k++) {
            int v = landmarkVertices[k];
            if (v < 0 || v >= mesh.vertexCount()) {
                throw new IllegalArgumentException("landmark vertex " + k + " = " + v + " is outside [0,"
                        + mesh.vertexCount() + ")");
            }
            for (int d = 0; d < 3; d++) {
                l[3 * k + d] = mesh.positions()[3 * v + d];
            }
        }
        return new LandmarkedMesh(mesh, l);
    }

    /** [7,3] landmarks, a copy. */
    @Override
    public double[] landmarks() {
        return landmarks.clone();
    }

    /** One landmark, [3]. */
    public double[] landmark(int k) {
        return new double[] {landmarks[3 * k], landmarks[3 * k + 1], landmarks[3 * k + 2]};
    }
}
