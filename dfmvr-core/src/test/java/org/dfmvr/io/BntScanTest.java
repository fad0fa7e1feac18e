package org.dfmvr.io;

import org.dfmvr.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

public class BntScanTest {
    static final double ZMIN = -1e9;

    /** A .bnt of a rows x cols grid on the plane z = 10 + x, x = col, y = row; {@code holes} are background. */
    public static byte[] bnt(int rows, int cols, int... holes) {
        String name = "bs000_N_N_0.png";
        int n = 5 * rows * cols;
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 8 + 2 + name.length() + 4 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) rows).putShort((short) cols).putDouble(ZMIN).putShort((short) name.length())
                .put(name.getBytes(StandardCharsets.US_ASCII)).putInt(n);
        int points = rows * cols;
        for (int column = 0; column < 5; column++) {
            for (int p = 0; p < points; p++) {
                int r = p / cols, c = p % cols;
                int point = p;
                boolean hole = Arrays.stream(holes).anyMatch(h -> h == point);
                double v = switch (column) {
                    case 0 -> c;
                    case 1 -> r;
                    case 2 -> hole ? ZMIN : 10 + c;
                    case 3 -> c / (double) cols;
                    default -> r / (double) rows;
                };
                b.putDouble(v);
            }
        }
        return b.array();
    }

    @Test
    void givenAFullGrid_whenParsed_thenHeaderAndPointsAreRead() {
        BntScan scan = BntScan.parse(bnt(3, 4), "a.bnt");
        assertEquals(3, scan.rows());
        assertEquals(4, scan.cols());
        assertEquals("bs000_N_N_0.png", scan.imageName());
        assertEquals(12, scan.validCount());
        assertEquals(13.0, scan.xyzuv()[(1 * 4 + 3) * 5 + 2]); // row 1, col 3: z = 10 + x
    }

    @Test
    void givenAFullGrid_whenMeshed_thenEveryCellGivesTwoCounterClockwiseTriangles() {
        TriangleMesh m = BntScan.parse(bnt(3, 4), "a.bnt").toMesh();
        assertEquals(12, m.vertexCount());
        assertEquals(2 * 3 * 2, m.triangleCount());
        // normals of the plane z = 10 + x point to -x,+z: facing the sensor (+z)
        float[] p = m.positions();
        int[] t = m.triangles();
        for (int i = 0; i < t.length; i += 3) {
            double ax = p[3 * t[i + 1]] - p[3 * t[i]], ay = p[3 * t[i + 1] + 1] - p[3 * t[i] + 1];
            double bx = p[3 * t[i + 2]] - p[3 * t[i]], by = p[3 * t[i + 2] + 1] - p[3 * t[i] + 1];
            assertThat(ax * by - ay * bx).as("triangle %d winding seen from +z", i / 3).isPositive();
        }
    }

    @Test
    void givenBackgroundPoints_whenMeshed_thenTheyAreNotVerticesAndCellsWithThreeCornersGiveOneTriangle() {
        TriangleMesh m = BntScan.parse(bnt(2, 3, 0), "a.bnt").toMesh(); // one hole in the corner
        assertEquals(5, m.vertexCount());
        assertEquals(1 + 2, m.triangleCount());
    }

    @Test
    void givenATruncatedFile_whenParsed_thenTheErrorNamesFileAndOffset() {
        byte[] full = bnt(3, 4);
        MalformedFileException e = assertThrows(MalformedFileException.class,
                () -> BntScan.parse(Arrays.copyOf(full, full.length - 9), "cut.bnt"));
        assertThat(e.getMessage()).contains("cut.bnt").contains("offset").contains("truncated");
    }

    @Test
    void givenAWrongPointCount_whenParsed_thenTheErrorSaysExpectedAndActual() {
        byte[] bad = bnt(3, 4);
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(2 + 2 + 8 + 2 + 15, 7);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> BntScan.parse(bad, "n.bnt"));
        assertThat(e.getMessage()).contains("N = 7").contains("60");
    }
}
