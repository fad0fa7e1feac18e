package org.dfmvr.io;

import org.dfmvr.mesh.TriangleMesh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Bosphorus 3D face scan, {@code .bnt} (Savran et al. 2008; layout after LIZHANGYAN/fileread read_bntfile.m and the
 * BosphorusDBdriver): little-endian {@code uint16 nrows, uint16 ncols, float64 zmin, uint16 len, len bytes image
 * name, uint32 N (= 5 * nrows * ncols)}, then N float64 as an (N/5) x 5 column-major matrix: all x, all y, all z, all
 * u, all v (u, v: the matching pixel in the texture image, normalised to [0,1]). Entries with z equal to zmin are
 * background. Coordinates are millimetres.
 *
 * @param rows       grid rows; row 0 is the BOTTOM of the face (the file stores the grid upside down)
 * @param cols       grid columns
 * @param zMin       the background marker
 * @param imageName  the texture image's file name as stored
 * @param xyzuv      [rows*cols, 5] row-major per grid point: x, y, z, u, v
 */
public record BntScan(int rows, int cols, double zMin, String imageName, double[] xyzuv) {

    public static BntScan parse(byte[] bytes, String file) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int rows = u16(b, file, "nrows");
        int cols = u16(b, file, "ncols");
        double zMin = f64(b, file, "zmin");
        int len = u16(b, file, "name length");
        need(b, len, file, "image name of " + len + " bytes");
        byte[] name = new byte[len];
        b.get(name);
        need(b, 4, file, "N");
        long n = Integer.toUnsignedLong(b.getInt());
        long expected = 5L * rows * cols;
        if (n != expected) {
            throw new MalformedFileException(file, "offset " + (b.position() - 4),
                    "N = " + n + " but 5 * nrows * ncols = " + expected);
        }
        need(b, 8 * n, file, n + " float64 values");
        int points = rows * cols;
        double[] xyzuv = new double[points * 5];
        for (int column = 0; column < 5; column++) {
            for (int p = 0; p < points; p++) {
                xyzuv[p * 5 + column] = b.getDouble();
            }
        }
        return new BntScan(rows, cols, zMin, new String(name, StandardCharsets.US_ASCII).trim(), xyzuv);
    }

    public boolean valid(int row, int col) {
        return xyzuv[(row * cols + col) * 5 + 2] != zMin;
    }

    public int validCount() {
        int n = 0;
        for (int p = 0; p < rows * cols; p++) {
            n += xyzuv[p * 5 + 2] != zMin ? 1 : 0;
        }
        return n;
    }

    /**
     * The scan as a mesh: valid grid points become vertices (grid order), each grid cell with 4 valid corners gives two
     * triangles and with 3 valid corners one; winding is counter-clockwise seen from +z (the sensor).
     */
    public TriangleMesh toMesh() {
        int[] index = new int[rows * cols];
        Arrays.fill(index, -1);
        float[] pos = new float[validCount() * 3];
        int v = 0;
        for (int p = 0; p < rows * cols; p++) {
            if (xyzuv[p * 5 + 2] != zMin) {
                index[p] = v;
                pos[3 * v] = (float) xyzuv[p * 5];
                pos[3 * v + 1] = (float) xyzuv[p * 5 + 1];
                pos[3 * v + 2] = (float) xyzuv[p * 5 + 2];
                v++;
            }
        }
        int[] tris = new int[(rows - 1) * (cols - 1) * 6];
        int t = 0;
        int[] corner = new int[4];
        for (int r = 0; r + 1 < rows; r++) {
            for (int c = 0; c + 1 < cols; c++) {
                // counter-clockwise seen from +z: row r lies below row r+1 (bottom-up grid), column c left of c+1
                int[] quad = {index[r * cols + c], index[r * cols + c + 1], index[(r + 1) * cols + c + 1],
                        index[(r + 1) * cols + c]};
                int k = 0;
                for (int q : quad) {
                    if (q >= 0) {
                        corner[k++] = q;
                    }
                }
                if (k >= 3) {
                    tris[t++] = corner[0];
                    tris[t++] = corner[1];
                    tris[t++] = corner[2];
                }
                if (k == 4) {
                    tris[t++] = corner[0];
                    tris[t++] = corner[2];
                    tris[t++] = corner[3];
                }
            }
        }
        return new TriangleMesh(pos, Arrays.copyOf(tris, t), null);
    }

    private static int u16(ByteBuffer b, String file, String what) {
        need(b, 2, file, what);
        return Short.toUnsignedInt(b.getShort());
    }

    private static double f64(ByteBuffer b, String file, String what) {
        need(b, 8, file, what);
        return b.getDouble();
    }

    private static void need(ByteBuffer b, long bytes, String file, String what) {
        if (b.remaining() < bytes) {
            throw new MalformedFileException(file, "offset " + b.position(), "truncated: " + what + " needs "
                    + bytes + " bytes, " + b.remaining() + " left");
        }
    }
}
