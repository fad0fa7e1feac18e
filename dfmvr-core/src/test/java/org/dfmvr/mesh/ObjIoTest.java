package org.dfmvr.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjIoTest {
    @TempDir
    Path dir;

    @Test
    void givenAMeshWithColoursAndAwkwardFloats_whenWrittenAndReadBack_thenItIsBitForBitTheSame() throws IOException {
        TriangleMesh mesh = MeshFixtures.random(500, 900, true, 3);
        Path file = dir.resolve("m.obj");
        ObjIo.write(mesh, file);
        assertTrue(ObjIo.read(file).sameAs(mesh));
    }

    @Test
    void givenATexturedMesh_whenWritten_thenItNamesItsMaterialHasOneVtPerVertexAndReadsBackAsTheSameMesh()
            throws IOException {
        TriangleMesh mesh = MeshFixtures.random(40, 60, true, 5);
        float[] uvs = new float[80];
        for (int i = 0; i < uvs.length; i++) {
            uvs[i] = i / 80f;
        }
        Path file = dir.resolve("t.obj");
        ObjIo.writeTextured(mesh, uvs, "t.mtl", "face", file);
        ObjIo.writeMaterial("face", "t.png", dir.resolve("t.mtl"));

        String text = Files.readString(file);
        assertTrue(text.contains("mtllib t.mtl\nusemtl face\n"), text.substring(0, 80));
        assertEquals(40, text.lines().filter(l -> l.startsWith("vt ")).count());
        assertTrue(text.contains("vt 0.025 0.0375\n"));
        assertTrue(text.lines().filter(l -> l.startsWith("f ")).allMatch(l -> l.matches("f (\\d+)/\\1 (\\d+)/\\2 (\\d+)/\\3")));
        assertTrue(mesh.sameAs(ObjIo.read(file)));
        assertTrue(Files.readString(dir.resolve("t.mtl")).contains("newmtl face\n"));
        assertTrue(Files.readString(dir.resolve("t.mtl")).contains("map_Kd t.png\n"));
    }

    @Test
    void givenAMeshWithoutColours_whenWrittenAndReadBack_thenItIsTheSameAndStillHasNoColours() throws IOException {
        TriangleMesh mesh = MeshFixtures.random(50, 80, false, 4);
        Path file = dir.resolve("m.obj");
        ObjIo.write(mesh, file);
        TriangleMesh back = ObjIo.read(file);
        assertTrue(back.sameAs(mesh));
        assertNull(back.colors());
    }

    @Test
    void givenFacesInEveryReferenceFormAndAQuad_whenRead_thenIndicesAreZeroBasedAndTheQuadIsFanned()
            throws IOException {
        Path file = write("""
                # a comment
                mtllib x.mtl
                o thing
                v 0 0 0
                v 1 0 0
                v 1 1 0 # trailing comment
                v 0 1 0
                vt 0 0
                vn 0 0 1
                usemtl skin
                s off
                f 1/1/1 2/1/1 3/1/1
                f 1//1 3//1 4//1
                f 1/1 2/1 3/1 4/1
                f -4 -3 -2
                """);
        TriangleMesh mesh = ObjIo.read(file);
        assertEquals(4, mesh.vertexCount());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 0, 1, 2, 0, 2, 3, 0, 1, 2}, mesh.triangles());
        assertNull(mesh.colors());
    }

    @Test
    void givenVerticesWithAndWithoutColours_whenRead_thenTheErrorNamesTheLine() throws IOException {
        Path file = write("v 0 0 0 1 0 0\nv 1 0 0\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> ObjIo.read(file));
        assertEquals(file + ": line 2: vertex 2 has no colour, unlike the vertices before it", e.getMessage());
    }

    @Test
    void givenANonNumericCoordinate_whenRead_thenTheErrorNamesFileLineAndToken() throws IOException {
        Path file = write("v 0 0 0\nv 1 zero 0\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> ObjIo.read(file));
        assertEquals(file + ": line 2: expected a number, got 'zero'", e.getMessage());
    }

    @Test
    void givenAFaceReferringToAMissingVertex_whenRead_thenTheErrorNamesTheLineAndTheVertexCount()
            throws IOException {
        Path file = write("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 4\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> ObjIo.read(file));
        assertEquals(file + ": line 5: face refers to vertex 4 but the file has 3 vertices", e.getMessage());
    }

    @Test
    void givenAFaceWithTwoVertices_whenRead_thenTheErrorSaysAtLeastThree() throws IOException {
        Path file = write("v 0 0 0\nv 1 0 0\nf 1 2\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> ObjIo.read(file));
        assertEquals(file + ": line 3: face must have at least 3 vertices, got 2", e.getMessage());
    }

    @Test
    void givenAZeroIndex_whenRead_thenTheErrorExplainsTheOneBasedRange() throws IOException {
        Path file = write("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> ObjIo.read(file));
        assertEquals(file + ": line 4: face vertex reference 0 is outside 1..3 (or -1..-3 relative)",
                e.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("in.obj");
        Files.writeString(file, text);
        return file;
    }
}
