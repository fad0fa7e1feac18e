package org.dfmvr.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlbReaderTest {
    /** The Lee Perry-Smith scan in ../shared (see its README); tests that need it skip when it is absent. */
    private static final Path LEE_PERRY_SMITH = Path.of(System.getProperty("dfmvr.shared.dir", "../../shared"),
            "data/scans/lee-perry-smith/LeePerrySmith.glb");

    @TempDir
    Path dir;

    @Test
    void givenTheLeePerrySmithScan_whenRead_thenItHasTheDocumentedVerticesTrianglesUvsAndBounds() throws IOException {
        assumeTrue(Files.isRegularFile(LEE_PERRY_SMITH), "shared scan absent: " + LEE_PERRY_SMITH.toAbsolutePath());
        TexturedMesh scan = GlbReader.read(LEE_PERRY_SMITH);
        assertEquals(9279, scan.mesh().vertexCount());
        assertEquals(53052 / 3, scan.mesh().triangleCount());
        assertTrue(scan.hasUvs());
        float[] min = new float[3], max = new float[3];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        float[] p = scan.mesh().positions();
        for (int i = 0; i < p.length; i++) {
            min[i % 3] = Math.min(min[i % 3], p[i]);
            max[i % 3] = Math.max(max[i % 3], p[i]);
        }
        // the min/max the file's POSITION accessor declares
        assertArrayEquals(new float[] {-4.276320934295654f, -3.9725465774536133f, -2.5903775691986084f}, min);
        assertArrayEquals(new float[] {4.276320934295654f, 3.9725468158721924f, 2.5903584957122803f}, max);
        for (float uv : scan.uvs()) {
            assertTrue(uv >= 0 && uv <= 1, "uv in [0,1], got " + uv);
        }
    }

    @Test
    void givenASmallGlbWithUshortIndicesUvsAndRgbaColours_whenRead_thenEverythingIsDecoded() throws IOException {
        Path file = dir.resolve("quad.glb");
        Files.write(file, quadGlb());
        TexturedMesh quad = GlbReader.read(file);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, quad.mesh().positions());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3}, quad.mesh().triangles());
        assertArrayEquals(new float[] {0, 1, 1, 1, 1, 0, 0, 0}, quad.uvs());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f}, quad.mesh().colors());
    }

    @Test
    void givenATruncatedGlb_whenRead_thenTheErrorNamesTheLengthField() throws IOException {
        byte[] bytes = quadGlb();
        Path file = dir.resolve("cut.glb");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> GlbReader.read(file));
        assertEquals(file + ": byte 8: header says the file has " + bytes.length + " bytes, it has "
                + (bytes.length - 10) + " (truncated)", e.getMessage());
    }

    @Test
    void givenAFileWithTheWrongMagic_whenRead_thenTheErrorNamesByteZero() throws IOException {
        byte[] bytes = quadGlb();
        bytes[0] = 'x';
        Path file = dir.resolve("bad.glb");
        Files.write(file, bytes);
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> GlbReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": byte 0: expected magic 0x46546C67 ('glTF'), got"),
                e.getMessage());
    }

    @Test
    void givenAnIndexOutsideThePositions_whenRead_thenTheErrorNamesPrimitiveAndIndex() throws IOException {
        byte[] bytes = quadGlb();
        // the BIN chunk starts with the six ushort indices; make the last one 9
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int binData = 12 + 8 + b.getInt(12) + 8;
        b.putShort(binData + 10, (short) 9);
        Path file = dir.resolve("bad-index.glb");
        Files.write(file, bytes);
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> GlbReader.read(file));
        assertEquals(file + ": mesh 0 primitive 0 indices: index 5 is 9, outside [0,4) of POSITION", e.getMessage());
    }

    @Test
    void givenABufferViewPastTheEndOfTheBuffer_whenRead_thenTheErrorNamesTheFileAndSaysItCannotBeDecoded()
            throws IOException {
        byte[] bytes = new String(quadGlb(), StandardCharsets.ISO_8859_1)
                .replace("\"byteOffset\":92,\"byteLength\":64", "\"byteOffset\":99,\"byteLength\":64")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("bad-view.glb");
        Files.write(file, bytes);
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> GlbReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be decoded"), e.getMessage());
    }

    /** A unit quad: 6 ushort indices, 4 float positions, 4 float uvs, 4 float RGBA colours, in one buffer. */
    static byte[] quadGlb() {
        ByteBuffer bin = ByteBuffer.allocate(12 + 48 + 32 + 64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : new int[] {0, 1, 2, 0, 2, 3}) {
            bin.putShort((short) i);
        }
        for (float f : new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}) {
            bin.putFloat(f);
        }
        for (float f : new float[] {0, 1, 1, 1, 1, 0, 0, 0}) {
            bin.putFloat(f);
        }
        for (float f : new float[] {1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0.5f, 0.5f, 0.5f, 1}) {
            bin.putFloat(f);
        }
        String json = """
                {"asset":{"version":"2.0"},"buffers":[{"byteLength":156}],
                 "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":12},
                                {"buffer":0,"byteOffset":12,"byteLength":48},
                                {"buffer":0,"byteOffset":60,"byteLength":32},
                                {"buffer":0,"byteOffset":92,"byteLength":64}],
                 "accessors":[{"bufferView":0,"componentType":5123,"count":6,"type":"SCALAR"},
                              {"bufferView":1,"componentType":5126,"count":4,"type":"VEC3",
                               "min":[0,0,0],"max":[1,1,0]},
                              {"bufferView":2,"componentType":5126,"count":4,"type":"VEC2"},
                              {"bufferView":3,"componentType":5126,"count":4,"type":"VEC4"}],
                 "meshes":[{"primitives":[{"attributes":{"POSITION":1,"TEXCOORD_0":2,"COLOR_0":3},"indices":0}]}],
                 "nodes":[{"mesh":0}],"scenes":[{"nodes":[0]}],"scene":0}
                """;
        byte[] jsonBytes = json.getBytes(StandardCharsets.UTF_8);
        int jsonLength = (jsonBytes.length + 3) / 4 * 4;
        int total = 12 + 8 + jsonLength + 8 + bin.capacity();
        ByteBuffer glb = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        glb.putInt(0x46546C67).putInt(2).putInt(total);
        glb.putInt(jsonLength).putInt(0x4E4F534A).put(jsonBytes);
        for (int i = jsonBytes.length; i < jsonLength; i++) {
            glb.put((byte) ' ');
        }
        glb.putInt(bin.capacity()).putInt(0x004E4942).put(bin.array());
        return glb.array();
    }
}
