package org.dfmvr.facemodel;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The minimal OBJ subset of the ICT-FaceKit blendshape files: {@code v x y z} positions and {@code f} polygons
 * (triangles or quads, {@code i}, {@code i/t} or {@code i/t/n} tokens, 1-based positive indices), and, with the faces,
 * {@code vt u v} texture coordinates turned into one per vertex: the first {@code t} a face corner gives the vertex (a
 * vertex on a UV seam has several; {@link #uvSeamVertices} counts them). Normals, groups and materials are skipped.
 * Full OBJ reading and writing is {@code org.dfmvr.mesh}'s job; this reader exists only to import the ICT model.
 */
final class IctBlendshapeObj {
    /** Positions [V,3], the file's unit (cm for ICT). */
    final float[] positions;
    /** Polygons as triangles [T,3], 0-based; quads (a,b,c,d) are split into (a,b,c) and (a,c,d). */
    final int[] triangles;
    /** For each triangle, the 0-based index of the OBJ face it came from. */
    final int[] sourceFace;
    /** Per-vertex texture coordinates [V,2] (NaN for a vertex no face corner gives one), or null without faces. */
    final float[] uvs;
    /** Vertices whose face corners name more than one texture coordinate (only the first is kept). */
    final boolean[] uvSeamVertices;

    private IctBlendshapeObj(float[] positions, int[] triangles, int[] sourceFace, float[] uvs, boolean[] seams) {
        this.positions = positions;
        this.triangles = triangles;
        this.sourceFace = sourceFace;
        this.uvs = uvs;
        this.uvSeamVertices = seams;
    }

    /** Reads positions only (the blendshape targets share the neutral mesh's faces). */
    static float[] readPositions(Path file) throws IOException {
        return read(file, false).positions;
    }

    /** Reads positions and faces. */
    static IctBlendshapeObj read(Path file, boolean withFaces) throws IOException {
        FloatList pos = new FloatList();
        FloatList texCoords = new FloatList();
        IntList cornerTex = new IntList();
        IntList tri = new IntList();
        IntList src = new IntList();
        int faceIndex = 0;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.startsWith("v ")) {
                    String[] t = line.trim().split("\\s+");
                    if (t.length < 4) {
                        throw new IOException(file + ":" + lineNo + ": vertex needs x y z, got \"" + line + "\"");
                    }
                    for (int k = 1; k <= 3; k++) {
                        pos.add(parseFloat(t[k], file, lineNo));
                    }
                } else if (withFaces && line.startsWith("vt ")) {
                    String[] t = line.trim().split("\\s+");
                    if (t.length < 3) {
                        throw new IOException(file + ":" + lineNo + ": texture coordinate needs u v, got \"" + line
                                + "\"");
                    }
                    texCoords.add(parseFloat(t[1], file, lineNo));
                    texCoords.add(parseFloat(t[2], file, lineNo));
                } else if (withFaces && line.startsWith("f ")) {
                    String[] t = line.trim().split("\\s+");
                    if (t.length != 4 && t.length != 5) {
                        throw new IOException(file + ":" + lineNo + ": face must be a triangle or a quad, got "
                                + (t.length - 1) + " corners");
                    }
                    int[] c = new int[t.length - 1];
                    for (int k = 0; k < c.length; k++) {
                        c[k] = parseIndex(t[k + 1], file, lineNo);
                        cornerTex.add(c[k], texIndex(t[k + 1], file, lineNo));
                    }
                    tri.add(c[0], c[1], c[2]);
                    src.add(faceIndex);
                    if (c.length == 4) {
                        tri.add(c[0], c[2], c[3]);
                        src.add(faceIndex);
                    }
                    faceIndex++;
                }
            }
        }
        int v = pos.size / 3;
        int[] triangles = tri.toArray();
        for (int i = 0; i < triangles.length; i++) {
            if (triangles[i] >= v) {
                throw new IOException(file + ": face index " + (triangles[i] + 1) + " exceeds the " + v
                        + " vertices");
            }
        }
        if (!withFaces) {
            return new IctBlendshapeObj(pos.toArray(), triangles, src.toArray(), null, null);
        }
        float[] uvs = new float[2 * v];
        Arrays.fill(uvs, Float.NaN);
        boolean[] seams = new boolean[v];
        int[] corners = cornerTex.toArray();
        int texCount = texCoords.size / 2;
        for (int i = 0; i < corners.length; i += 2) {
            int vertex = corners[i], tex = corners[i + 1];
            if (tex < 0) {
                continue;
            }
            if (tex >= texCount) {
                throw new IOException(file + ": texture coordinate index " + (tex + 1) + " exceeds the " + texCount
                        + " vt lines");
            }
            float u = texCoords.a[2 * tex], w = texCoords.a[2 * tex + 1];
            if (Float.isNaN(uvs[2 * vertex])) {
                uvs[2 * vertex] = u;
                uvs[2 * vertex + 1] = w;
            } else if (uvs[2 * vertex] != u || uvs[2 * vertex + 1] != w) {
                seams[vertex] = true;
            }
        }
        return new IctBlendshapeObj(pos.toArray(), triangles, src.toArray(), uvs, seams);
    }

    /** The 0-based texture coordinate index of an {@code i/t[/n]} token, or -1 when it has none. */
    private static int texIndex(String token, Path file, int lineNo) throws IOException {
        String[] parts = token.split("/");
        if (parts.length < 2 || parts[1].isEmpty()) {
            return -1;
        }
        try {
            int t = Integer.parseInt(parts[1]);
            if (t < 1) {
                throw new IOException(file + ":" + lineNo + ": texture index must be 1-based and positive, got " + t);
            }
            return t - 1;
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNo + ": not a texture index: \"" + token + "\"");
        }
    }

    private static float parseFloat(String s, Path file, int lineNo) throws IOException {
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNo + ": not a number: \"" + s + "\"");
        }
    }

    private static int parseIndex(String token, Path file, int lineNo) throws IOException {
        int slash = token.indexOf('/');
        String s = slash < 0 ? token : token.substring(0, slash);
        int i;
        try {
            i = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNo + ": not a vertex index: \"" + token + "\"");
        }
        if (i < 1) {
            throw new IOException(file + ":" + lineNo + ": vertex index must be a positive 1-based index, got " + i);
        }
        return i - 1;
    }

    private static final class FloatList {
        float[] a = new float[3 * 32768];
        int size;

        void add(float f) {
            if (size == a.length) {
                a = Arrays.copyOf(a, 2 * a.length);
            }
            a[size++] = f;
        }

        float[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    private static final class IntList {
        int[] a = new int[3 * 65536];
        int size;

        void add(int... values) {
            for (int x : values) {
                if (size == a.length) {
                    a = Arrays.copyOf(a, 2 * a.length);
                }
                a[size++] = x;
            }
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
