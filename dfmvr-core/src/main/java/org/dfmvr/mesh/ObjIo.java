package org.dfmvr.mesh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Wavefront OBJ meshes (the subset for geometry: {@code v}, {@code f}), with the widespread vertex-colour extension
 * {@code v x y z r g b} that DF-MVR's own OBJ export uses.
 *
 * <p>Reading: {@code v} lines take 3 values (x y z), 4 (x y z w; w ignored) or 6 (x y z r g b); either every vertex
 * has a colour or none has. {@code f} lines take 3 or more references in the forms {@code v}, {@code v/vt},
 * {@code v//vn} or {@code v/vt/vn}; only the vertex index is used, 1-based or negative (relative to the vertices read
 * so far, as the OBJ spec allows); polygons are fan-triangulated (0,k,k+1). Texture coordinates, normals, groups,
 * materials and every other statement are skipped. '#' starts a comment.
 *
 * <p>Writing: {@code v x y z [r g b]} with {@link Float#toString(float)} (the shortest decimal that reads back to the
 * same float, so a write-read round trip is exact) and {@code f a b c} 1-based; a textured mesh adds
 * {@code mtllib}/{@code usemtl}, one {@code vt} per vertex and {@code f a/a b/b c/c} ({@link #writeTextured}).
 */
public final class ObjIo {
    private ObjIo() {
    }

    /** Reads an OBJ file; positions and colours as written in the file, triangles 0-based. */
    public static TriangleMesh read(Path file) throws IOException {
        FloatList positions = new FloatList(), colors = new FloatList();
        IntList triangles = new IntList(), triangleLines = new IntList();
        Boolean hasColors = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            int[] polygon = new int[8];
            while ((line = in.readLine()) != null) {
                lineNo++;
                int hash = line.indexOf('#');
                String[] tok = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (tok[0].equals("v")) {
                    int n = tok.length - 1;
                    if (n != 3 && n != 4 && n != 6) {
                        throw new MeshFormatException(file, "line " + lineNo,
                                "vertex must have 3 (x y z), 4 (x y z w) or 6 (x y z r g b) values, got " + n);
                    }
                    boolean colored = n == 6;
                    if (hasColors == null) {
                        hasColors = colored;
                    } else if (hasColors != colored) {
                        throw new MeshFormatException(file, "line " + lineNo, "vertex " + (positions.size / 3 + 1)
                                + (colored ? " has" : " has no") + " colour, unlike the vertices before it");
                    }
                    for (int k = 1; k <= 3; k++) {
                        positions.add(parseFloat(tok[k], file, lineNo));
                    }
                    if (colored) {
                        for (int k = 4; k <= 6; k++) {
                            colors.add(parseFloat(tok[k], file, lineNo));
                        }
                    }
                } else if (tok[0].equals("f")) {
                    int n = tok.length - 1;
                    if (n < 3) {
                        throw new MeshFormatException(file, "line " + lineNo,
                                "face must have at least 3 vertices, got " + n);
                    }
                    if (polygon.length < n) {
                        polygon = new int[n];
                    }
                    for (int k = 0; k < n; k++) {
                        polygon[k] = vertexIndex(tok[k + 1], positions.size / 3, file, lineNo);
                    }
                    for (int k = 1; k + 1 < n; k++) {
                        triangles.add(polygon[0]);
                        triangles.add(polygon[k]);
                        triangles.add(polygon[k + 1]);
                        triangleLines.add(lineNo);
                    }
                }
            }
        }
        int v = positions.size / 3;
        for (int i = 0; i < triangles.size; i++) {
            if (triangles.data[i] >= v) {
                throw new MeshFormatException(file, "line " + triangleLines.data[i / 3], "face refers to vertex "
                        + (triangles.data[i] + 1) + " but the file has " + v + " vertices");
            }
        }
        return new TriangleMesh(positions.toArray(), triangles.toArray(),
                Boolean.TRUE.equals(hasColors) ? colors.toArray() : null);
    }

    /** Writes {@code mesh} as OBJ (vertex colours as {@code v x y z r g b} when it has them). */
    public static void write(TriangleMesh mesh, Path file) throws IOException {
        write(mesh, null, null, null, file);
    }

    /**
     * Writes {@code mesh} as a textured OBJ: {@code mtllib materialLibrary}, {@code usemtl material}, the vertices
     * (with colours when it has them, so readers without texture support still see colour), one {@code vt u v} per
     * vertex from {@code uvs} [V,2], and faces {@code f a/a b/b c/c}.
     */
    public static void writeTextured(TriangleMesh mesh, float[] uvs, String materialLibrary, String material,
                                     Path file) throws IOException {
        if (uvs == null || uvs.length != 2 * mesh.vertexCount()) {
            throw new IllegalArgumentException("uvs must be [V,2] = " + 2 * mesh.vertexCount() + " values, got "
                    + (uvs == null ? "null" : uvs.length));
        }
        write(mesh, uvs, materialLibrary, material, file);
    }

    /**
     * A material library for one diffuse texture: {@code newmtl material}, white ambient and diffuse, no specular,
     * {@code map_Kd texture} (a path relative to the .mtl file).
     */
    public static void writeMaterial(String material, String texture, Path file) throws IOException {
        Files.writeString(file, "newmtl " + material + "\nKa 1 1 1\nKd 1 1 1\nKs 0 0 0\nd 1\nillum 1\nmap_Kd "
                + texture + "\n", StandardCharsets.UTF_8);
    }

    private static void write(TriangleMesh mesh, float[] uvs, String materialLibrary, String material, Path file)
            throws IOException {
        float[] p = mesh.positions(), c = mesh.colors();
        int[] t = mesh.triangles();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# " + mesh.vertexCount() + " vertices, " + mesh.triangleCount() + " triangles\n");
            if (uvs != null) {
                out.write("mtllib " + materialLibrary + "\nusemtl " + material + "\n");
            }
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < p.length; i += 3) {
                line.setLength(0);
                line.append("v ").append(p[i]).append(' ').append(p[i + 1]).append(' ').append(p[i + 2]);
                if (c != null) {
                    line.append(' ').append(c[i]).append(' ').append(c[i + 1]).append(' ').append(c[i + 2]);
                }
                out.append(line).append('\n');
            }
            for (int i = 0; uvs != null && i < uvs.length; i += 2) {
                line.setLength(0);
                line.append("vt ").append(uvs[i]).append(' ').append(uvs[i + 1]);
                out.append(line).append('\n');
            }
            for (int i = 0; i < t.length; i += 3) {
                line.setLength(0);
                line.append('f');
                for (int k = 0; k < 3; k++) {
                    line.append(' ').append(t[i + k] + 1);
                    if (uvs != null) {
                        line.append('/').append(t[i + k] + 1);
                    }
                }
                out.append(line).append('\n');
            }
        }
    }

    /** 0-based vertex index of one face reference ("7", "7/2", "7//3", "7/2/3", "-1"). */
    private static int vertexIndex(String ref, int verticesSoFar, Path file, int lineNo) throws MeshFormatException {
        int slash = ref.indexOf('/');
        String number = slash >= 0 ? ref.substring(0, slash) : ref;
        int index;
        try {
            index = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new MeshFormatException(file, "line " + lineNo, "face vertex reference must be an integer, got '"
                    + ref + "'");
        }
        if (index == 0 || -index > verticesSoFar) {
            throw new MeshFormatException(file, "line " + lineNo, "face vertex reference " + index
                    + " is outside 1.." + verticesSoFar + " (or -1..-" + verticesSoFar + " relative)");
        }
        return index > 0 ? index - 1 : verticesSoFar + index;
    }

    private static float parseFloat(String s, Path file, int lineNo) throws MeshFormatException {
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new MeshFormatException(file, "line " + lineNo, "expected a number, got '" + s + "'");
        }
    }

    /** Growable float array, to avoid boxing while reading. */
    private static final class FloatList {
        float[] data = new float[1024];
        int size;

        void add(float x) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * size);
            }
            data[size++] = x;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }

    /** Growable int array, to avoid boxing while reading. */
    private static final class IntList {
        int[] data = new int[1024];
        int size;

        void add(int x) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * size);
            }
            data[size++] = x;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
