package org.dfmvr.io;

import java.io.IOException;
import java.util.Set;
import org.dfmvr.mesh.TriangleMesh;
import us.hebi.matlab.mat.types.Matrix;

/**
 * A Pixel-Face {@code gt.mat} (zyg11/Pixel-Face; reference §6, §1.7): struct {@code new_kpt_gt_obj} is the scan
 * ({@code v} [N,3], {@code f} [T,3] 1-based), struct {@code neck_obj09} its registration ({@code v}, {@code kpt_ind}
 * [106] 1-based vertex ids of the keypoints). Both are in the file's decimetre-like unit; this reader gives
 * millimetres. Shared by ingest (the 101 3D landmarks of a shard row) and eval (the scan as ground truth).
 *
 * @param scan        the scan surface, mm
 * @param landmarks101 [101,3] row-major keypoints in mm: the registration's 106 keypoint vertices minus rows
 *                    {@link #IGNORED_KEYPOINTS} (DF-MVR's ignore_index_5)
 */
public record PixelFaceGroundTruth(TriangleMesh scan, float[] landmarks101) {
    /** 0-based rows of {@code kpt_ind} DF-MVR drops to get its 101 landmarks. */
    public static final Set<Integer> IGNORED_KEYPOINTS = Set.of(3, 15, 17, 25, 27);
    /** Millimetres per unit of the file. */
    public static final double FILE_UNIT_TO_MM = 100.0;
    public static final String SCAN_STRUCT = "new_kpt_gt_obj";
    public static final String REGISTRATION_STRUCT = "neck_obj09";

    /** The 101 keypoints only, [101,3] mm (what ingest stores in {@code landmarks3d}). */
    public static float[] landmarks101(byte[] matBytes, String name) throws IOException {
        MatFields registration = MatFields.open(matBytes, name).struct(REGISTRATION_STRUCT);
        return keypoints(registration);
    }

    /** Scan and keypoints; every problem is an {@link IOException} naming the file, the struct and the field. */
    public static PixelFaceGroundTruth parse(byte[] matBytes, String name) throws IOException {
        MatFields mat = MatFields.open(matBytes, name);
        float[] landmarks = keypoints(mat.struct(REGISTRATION_STRUCT));
        MatFields scan = mat.struct(SCAN_STRUCT);
        Matrix v = scan.matrix("v", -1, 3);
        int n = v.getNumRows();
        if (n < 3) {
            throw new IOException(scan.file() + ": field 'v' must hold at least 3 vertices, got " + n);
        }
        float[] positions = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double x = v.getDouble(i, c);
                if (!Double.isFinite(x)) {
                    throw new IOException(scan.file() + ": field 'v' row " + i + " is not finite: " + x);
                }
                positions[3 * i + c] = (float) (x * FILE_UNIT_TO_MM);
            }
        }
        Matrix f = scan.matrix("f", -1, 3);
        double[] flat = new double[3 * f.getNumRows()];
        for (int t = 0; t < f.getNumRows(); t++) {
            for (int c = 0; c < 3; c++) {
                flat[3 * t + c] = f.getDouble(t, c);
            }
        }
        int[] triangles = scan.toZeroBased("f", flat, n);
        return new PixelFaceGroundTruth(new TriangleMesh(positions, triangles, null), landmarks);
    }

    private static float[] keypoints(MatFields registration) throws IOException {
        Matrix v = registration.matrix("v", -1, 3);
        int[] kpt = registration.indices("kpt_ind", 106, v.getNumRows());
        float[] out = new float[101 * 3];
        int row = 0;
        for (int k = 0; k < kpt.length; k++) {
            if (IGNORED_KEYPOINTS.contains(k)) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                out[3 * row + c] = (float) (v.getDouble(kpt[k], c) * FILE_UNIT_TO_MM);
                if (!Float.isFinite(out[3 * row + c])) {
                    throw new IOException(registration.file() + ": field 'v' row " + (kpt[k] + 1) + " (keypoint "
                            + (k + 1) + ") is not finite");
                }
            }
            row++;
        }
        return out;
    }
}
