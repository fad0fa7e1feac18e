package org.dfmvr.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlyIoTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(PlyIo.Format.class)
    void givenAMeshWithEightBitColours_whenWrittenAndReadBack_thenItIsBitForBitTheSame(PlyIo.Format format)
            throws IOException {
        TriangleMesh mesh = MeshFixtures.random(400, 700, true, 5);
        Path file = dir.resolve("m.ply");
        PlyIo.write(mesh, file, format);
        assertTrue(PlyIo.read(file).sameAs(mesh));
    }

    @ParameterizedTest
    @EnumSource(PlyIo.Format.class)
    void givenAMeshWithoutColours_whenWrittenAndReadBack_thenItHasNoColours(PlyIo.Format format) throws IOException {
        TriangleMesh mesh = MeshFixtures.random(40, 70, false, 6);
        Path file = dir.resolve("m.ply");
        PlyIo.write(mesh, file, format);
        TriangleMesh back = PlyIo.read(file);
        assertTrue(back.sameAs(mesh));
        assertNull(back.colors());
    }

    @Test
    void givenAnAsciiFileWithExtraPropertiesFloatColoursAQuadAndAnotherElement_whenRead_thenOnlyTheMeshIsKept()
            throws IOException {
        Path file = dir.resolve("in.ply");
        Files.writeString(file, """
                ply
                format ascii 1.0
                comment made by hand
                element vertex 4
                property double x
                property double y
                property double z
                property float nx
                property float red
                property float green
                property float blue
                property list uchar float extra
                element face 1
                property int flags
                property list int int vertex_index
                element edge 1
                property int vertex1
                property int vertex2
                end_header
                0 0 0 9 0.5 0.25 1 2 0.1 0.2
                1 0 0 9 0 0 0 0
                1 1 0 9 0 0 0 1 7.5
                0 1 0 9 0 0 0 0
                7 4 0 1 2 3
                0 1
                """);
        TriangleMesh mesh = PlyIo.read(file);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, mesh.positions());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3}, mesh.triangles());
        assertArrayEquals(new float[] {0.5f, 0.25f, 1}, Arrays.copyOf(mesh.colors(), 3));
    }

    @Test
    void givenABigEndianFileWithDoublePositionsAndUshortCounts_whenRead_thenValuesAreDecodedInThatOrder()
            throws IOException {
        String header = "ply\nformat binary_big_endian 1.0\nelement vertex 3\nproperty double x\nproperty double y\n"
                + "property double z\nelement face 1\nproperty list ushort uint vertex_indices\nend_header\n";
        ByteBuffer body = ByteBuffer.allocate(3 * 24 + 2 + 12).order(ByteOrder.BIG_ENDIAN);
        body.putDouble(0.5).putDouble(-1).putDouble(2).putDouble(1).putDouble(0).putDouble(0);
        body.putDouble(0).putDouble(1).putDouble(0);
        body.putShort((short) 3).putInt(2).putInt(1).putInt(0);
        Path file = write(header, body.array());
        TriangleMesh mesh = PlyIo.read(file);
        assertArrayEquals(new float[] {0.5f, -1, 2, 1, 0, 0, 0, 1, 0}, mesh.positions());
        assertArrayEquals(new int[] {2, 1, 0}, mesh.triangles());
    }

    @Test
    void givenATruncatedBinaryFile_whenRead_thenTheErrorNamesTheByteOffset() throws IOException {
        Path full = dir.resolve("full.ply");
        PlyIo.write(MeshFixtures.random(10, 5, true, 7), full, PlyIo.Format.BINARY_LITTLE_ENDIAN);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.ply");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(cut));
        assertEquals(cut + ": byte " + (bytes.length - 4) + ": file ends inside a int value (needs 4 bytes, 1 left):"
                + " truncated", e.getMessage());
    }

    @Test
    void givenAHeaderAnnouncingMoreRecordsThanTheBodyHolds_whenRead_thenItFailsBeforeAllocating() throws IOException {
        String header = "ply\nformat binary_little_endian 1.0\nelement vertex 2000000000\nproperty float x\n"
                + "property float y\nproperty float z\nend_header\n";
        Path file = write(header, new byte[24]);
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(file));
        assertEquals(file + ": byte " + header.length() + ": the header announces records of at least 24000000000 "
                + "bytes, only 24 follow (truncated?)", e.getMessage());
    }

    @Test
    void givenUshortVertexColours_whenRead_thenTheErrorNamesTheSupportedTypes() throws IOException {
        Path file = dir.resolve("x.ply");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\n"
                + "property float z\nproperty ushort red\nproperty ushort green\nproperty ushort blue\nend_header\n"
                + "0 0 0 65535 0 0\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(file));
        assertEquals(file + ": header: vertex colour red must be uchar, float or double, got USHORT", e.getMessage());
    }

    @Test
    void givenAFileThatIsNotPly_whenRead_thenTheErrorNamesLineOneAndTheMagic() throws IOException {
        Path file = dir.resolve("x.ply");
        Files.writeString(file, "OFF\n3 1 0\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(file));
        assertEquals(file + ": line 1: expected magic 'ply', got 'OFF'", e.getMessage());
    }

    @Test
    void givenAHeaderWithoutEndHeader_whenRead_thenTheErrorSaysTruncatedOrNotPly() throws IOException {
        Path file = dir.resolve("x.ply");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 3\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(file));
        assertEquals(file + ": line 4: header ends before end_header (truncated file or not PLY)", e.getMessage());
    }

    @Test
    void givenAFaceIndexBeyondTheVertices_whenRead_thenTheErrorNamesTriangleAndRange() throws IOException {
        Path file = dir.resolve("x.ply");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
                + "0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(file));
        assertEquals(file + ": element face: triangle 0 refers to vertex 3, outside [0,3)", e.getMessage());
    }

    @Test
    void givenAnAsciiRecordWithAWord_whenRead_thenTheErrorNamesTheLineAndType() throws IOException {
        Path file = dir.resolve("x.ply");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\n"
                + "property float z\nend_header\n0 zero 0\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(file));
        assertEquals(file + ": line 8: expected float value, got 'zero'", e.getMessage());
    }

    @Test
    void givenAnUnknownPropertyType_whenRead_thenTheErrorNamesTheHeaderLine() throws IOException {
        Path file = dir.resolve("x.ply");
        Files.writeString(file, "ply\nformat ascii 1.0\nelement vertex 1\nproperty half x\nend_header\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> PlyIo.read(file));
        assertEquals(file + ": line 4: unknown property type 'half'", e.getMessage());
    }

    private Path write(String header, byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        Path file = dir.resolve("in.ply");
        Files.write(file, out.toByteArray());
        return file;
    }
}
