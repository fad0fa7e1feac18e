package org.dfmvr.mesh;

import de.javagl.jgltf.model.AccessorByteData;
import de.javagl.jgltf.model.AccessorData;
import de.javagl.jgltf.model.AccessorFloatData;
import de.javagl.jgltf.model.AccessorIntData;
import de.javagl.jgltf.model.AccessorModel;
import de.javagl.jgltf.model.AccessorShortData;
import de.javagl.jgltf.model.GltfModel;
import de.javagl.jgltf.model.MeshModel;
import de.javagl.jgltf.model.MeshPrimitiveModel;
import de.javagl.jgltf.model.io.GltfModelReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the triangle meshes of a glTF 2.0 binary file (.glb), e.g. the Lee Perry-Smith head scan: positions,
 * indices, and, where every primitive has them, TEXCOORD_0 and COLOR_0.
 *
 * <p>The GLB container (12-byte header, then a JSON chunk and an optional BIN chunk; glTF 2.0 spec section 4.4) is
 * checked here first so that truncated or foreign files fail with a byte offset; the glTF content itself (accessors,
 * buffer views, strides, sparse accessors) is decoded by jgltf-model (de.javagl). All primitives of all meshes are
 * concatenated into one mesh, in file order. Positions are in each mesh's own frame: node transforms are NOT applied.
 * Only primitives of mode TRIANGLES (4) are accepted. Colours drop alpha.
 */
public final class GlbReader {
    private static final int MAGIC = 0x46546C67; // "glTF"
    private static final int CHUNK_JSON = 0x4E4F534A;
    private static final int CHUNK_BIN = 0x004E4942;
    private static final int MODE_TRIANGLES = 4;

    private GlbReader() {
    }

    /** Reads {@code file}; see the class comment for what is kept. */
    public static TexturedMesh read(Path file) throws IOException {
        checkContainer(file);
        GltfModel model;
        try {
            model = new GltfModelReader().read(file);
        } catch (IOException | RuntimeException e) {
            throw new MeshFormatException(file, "JSON chunk", "glTF content cannot be decoded: " + e.getMessage(), e);
        }
        List<Primitive> parts = new ArrayList<>();
        int vertexCount = 0, triangleIndexCount = 0;
        List<MeshModel> meshes = model.getMeshModels();
        for (int m = 0; m < meshes.size(); m++) {
            List<MeshPrimitiveModel> primitives = meshes.get(m).getMeshPrimitiveModels();
            for (int p = 0; p < primitives.size(); p++) {
                String where = "mesh " + m + " primitive " + p;
                Primitive part;
                try {
                    part = readPrimitive(file, where, primitives.get(p), vertexCount);
                } catch (RuntimeException e) {
                    throw new MeshFormatException(file, where, "accessor data cannot be decoded: " + e, e);
                }
                parts.add(part);
                vertexCount += part.positions.length / 3;
                triangleIndexCount += part.triangles.length;
            }
        }
        if (parts.isEmpty()) {
            throw new MeshFormatException(file, "JSON chunk", "has no mesh primitives");
        }
        float[] positions = new float[3 * vertexCount];
        int[] triangles = new int[triangleIndexCount];
        boolean allUvs = parts.stream().allMatch(x -> x.uvs != null);
        boolean allColors = parts.stream().allMatch(x -> x.colors != null);
        float[] uvs = allUvs ? new float[2 * vertexCount] : null;
        float[] colors = allColors ? new float[3 * vertexCount] : null;
        int v = 0, t = 0;
        for (Primitive part : parts) {
            int n = part.positions.length / 3;
            System.arraycopy(part.positions, 0, positions, 3 * v, 3 * n);
            System.arraycopy(part.triangles, 0, triangles, t, part.triangles.length);
            if (allUvs) {
                System.arraycopy(part.uvs, 0, uvs, 2 * v, 2 * n);
            }
            if (allColors) {
                System.arraycopy(part.colors, 0, colors, 3 * v, 3 * n);
            }
            v += n;
            t += part.triangles.length;
        }
        return new TexturedMesh(new TriangleMesh(positions, triangles, colors), uvs);
    }

    /**
     * One primitive's arrays.
     *
     * @param positions [n,3] POSITION
     * @param triangles [t,3] vertex indices, already offset to the concatenated mesh (0-based)
     * @param uvs       [n,2] TEXCOORD_0 or null
     * @param colors    [n,3] COLOR_0 without alpha, or null
     */
    private record Primitive(float[] positions, int[] triangles, float[] uvs, float[] colors) {
    }

    private static Primitive readPrimitive(Path file, String where, MeshPrimitiveModel primitive, int vertexOffset)
            throws MeshFormatException {
        if (primitive.getMode() != MODE_TRIANGLES) {
            throw new MeshFormatException(file, where, "mode must be TRIANGLES (4), got " + primitive.getMode());
        }
        AccessorModel position = primitive.getAttributes().get("POSITION");
        if (position == null) {
            throw new MeshFormatException(file, where, "has no POSITION attribute");
        }
        float[] xyz = floats(file, where + " POSITION", position, 3);
        int n = xyz.length / 3;
        int[] tri = primitive.getIndices() != null ? ints(file, where + " indices", primitive.getIndices())
                : sequence(n);
        if (tri.length % 3 != 0) {
            throw new MeshFormatException(file, where + " indices", "count must be a multiple of 3, got "
                    + tri.length);
        }
        for (int i = 0; i < tri.length; i++) {
            if (tri[i] < 0 || tri[i] >= n) {
                throw new MeshFormatException(file, where + " indices", "index " + i + " is " + tri[i]
                        + ", outside [0," + n + ") of POSITION");
            }
            tri[i] += vertexOffset;
        }
        AccessorModel uv = primitive.getAttributes().get("TEXCOORD_0");
        AccessorModel color = primitive.getAttributes().get("COLOR_0");
        float[] rgb = null;
        if (color != null) {
            int components = color.getElementType().getNumComponents();
            if (components != 3 && components != 4) {
                throw new MeshFormatException(file, where + " COLOR_0", "expected VEC3 or VEC4, got "
                        + color.getElementType());
            }
            rgb = rgb(floats(file, where + " COLOR_0", color, components), components);
        }
        return new Primitive(xyz, tri, uv == null ? null : floats(file, where + " TEXCOORD_0", uv, 2), rgb);
    }

    /** Checks the 12-byte header and the chunk table against the file size. */
    private static void checkContainer(Path file) throws IOException {
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 12 || channel.read(header, 0) < 12) {
                throw new MeshFormatException(file, "byte 0", "GLB header needs 12 bytes, file has " + size);
            }
            int magic = header.getInt(0), version = header.getInt(4);
            long length = header.getInt(8) & 0xFFFFFFFFL;
            if (magic != MAGIC) {
                throw new MeshFormatException(file, "byte 0", String.format("expected magic 0x%08X ('glTF'), got "
                        + "0x%08X", MAGIC, magic));
            }
            if (version != 2) {
                throw new MeshFormatException(file, "byte 4", "expected GLB version 2, got " + version);
            }
            if (length != size) {
                throw new MeshFormatException(file, "byte 8", "header says the file has " + length
                        + " bytes, it has " + size + (length > size ? " (truncated)" : ""));
            }
            long offset = 12;
            int chunk = 0;
            ByteBuffer chunkHeader = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (offset < size) {
                chunkHeader.clear();
                if (size - offset < 8 || channel.read(chunkHeader, offset) < 8) {
                    throw new MeshFormatException(file, "byte " + offset, "chunk header needs 8 bytes, "
                            + (size - offset) + " left");
                }
                long chunkLength = chunkHeader.getInt(0) & 0xFFFFFFFFL;
                int type = chunkHeader.getInt(4);
                if (chunk == 0 && type != CHUNK_JSON) {
                    throw new MeshFormatException(file, "byte " + (offset + 4), String.format("first chunk must be "
                            + "JSON (0x%08X), got 0x%08X", CHUNK_JSON, type));
                }
                if (chunk > 0 && type == CHUNK_JSON) {
                    throw new MeshFormatException(file, "byte " + (offset + 4), "a second JSON chunk");
                }
                if (offset + 8 + chunkLength > size) {
                    throw new MeshFormatException(file, "byte " + offset, "chunk " + chunk + " ("
                            + (type == CHUNK_BIN ? "BIN" : type == CHUNK_JSON ? "JSON" : "unknown type") + ") length "
                            + chunkLength + " runs past the end of the file (" + (size - offset - 8) + " bytes left)");
                }
                offset += 8 + chunkLength;
                chunk++;
            }
            if (chunk == 0) {
                throw new MeshFormatException(file, "byte 12", "no JSON chunk");
            }
        }
    }

    /** All components of a float (or normalized integer) accessor with {@code components} per element. */
    private static float[] floats(Path file, String where, AccessorModel accessor, int components)
            throws MeshFormatException {
        AccessorData data = accessor.getAccessorData();
        int c = data.getNumComponentsPerElement();
        if (c != components) {
            throw new MeshFormatException(file, where, "expected " + components + " components per element, got "
                    + c);
        }
        int n = data.getNumElements();
        float[] out = new float[n * c];
        if (data instanceof AccessorFloatData f) {
            for (int e = 0; e < n; e++) {
                for (int k = 0; k < c; k++) {
                    out[e * c + k] = f.get(e, k);
                }
            }
            return out;
        }
        if (!accessor.isNormalized()) {
            throw new MeshFormatException(file, where, "expected float or normalized integer components, got "
                    + data.getComponentType().getSimpleName());
        }
        // glTF 2.0 section 3.11: unsigned normalized c / max; signed max(c / max, -1)
        for (int e = 0; e < n; e++) {
            for (int k = 0; k < c; k++) {
                if (data instanceof AccessorByteData b) {
                    out[e * c + k] = b.isUnsigned() ? b.getInt(e, k) / 255f : Math.max(b.get(e, k) / 127f, -1f);
                } else if (data instanceof AccessorShortData s) {
                    out[e * c + k] = s.isUnsigned() ? s.getInt(e, k) / 65535f : Math.max(s.get(e, k) / 32767f, -1f);
                } else {
                    throw new MeshFormatException(file, where, "unsupported normalized component type "
                            + data.getComponentType().getSimpleName());
                }
            }
        }
        return out;
    }

    /** Indices of an unsigned byte, short or int scalar accessor. */
    private static int[] ints(Path file, String where, AccessorModel accessor) throws MeshFormatException {
        AccessorData data = accessor.getAccessorData();
        if (data.getNumComponentsPerElement() != 1) {
            throw new MeshFormatException(file, where, "expected SCALAR indices, got "
                    + data.getNumComponentsPerElement() + " components");
        }
        int n = data.getNumElements();
        int[] out = new int[n];
        for (int e = 0; e < n; e++) {
            if (data instanceof AccessorByteData b) {
                out[e] = b.getInt(e, 0);
            } else if (data instanceof AccessorShortData s) {
                out[e] = s.getInt(e, 0);
            } else if (data instanceof AccessorIntData i) {
                out[e] = i.get(e, 0);
            } else {
                throw new MeshFormatException(file, where, "expected integer indices, got "
                        + data.getComponentType().getSimpleName());
            }
        }
        return out;
    }

    /** [V,3] RGB of an RGB [V,3] or RGBA [V,4] array. */
    private static float[] rgb(float[] colors, int components) {
        if (components == 3) {
            return colors;
        }
        int n = colors.length / components;
        float[] out = new float[3 * n];
        for (int v = 0; v < n; v++) {
            System.arraycopy(colors, components * v, out, 3 * v, 3);
        }
        return out;
    }

    private static int[] sequence(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
