package org.dfmvr.facemodel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Our own compact binary file for any {@link MorphableModel}, so executors load an imported model in one read
 * instead of re-parsing OBJ or MAT files. Saving then loading gives a model {@link MorphableModel#sameAs equal} in
 * every field.
 *
 * <p>Layout, little-endian:
 * <pre>
 * header (24 bytes): magic "DFMVRFMC" (8 ASCII bytes) | int32 version (= {@link #VERSION})
 *                    | int64 payload length in bytes | int32 CRC32 of the payload
 * payload:           string id | string unit | int32 V, T, idRank, expRank, texRank
 *                    | float32 meanShape[3V] | idBasis[3V*idRank] | expBasis[3V*expRank] | meanAlbedo[3V]
 *                    | texBasis[3V*texRank] | int32 triangles[3T] | landmarks68[68]
 *                    | int32 n101 (0 or 101) | landmarks101[n101] | alignment7[7]
 *                    | int8 partLabels[V] | int8 frontMask[V] (0/1) | int8 skinMask[V] (0/1)
 *                    | int32 hasUvs (0/1) | float32 uvs[2V] when 1   (added in version 2)
 * string:            int32 byte length | UTF-8 bytes
 * </pre>
 * Bases keep {@link MorphableModel}'s [3V,K] row-major layout.
 */
public final class FaceModelCache implements FaceModelSource {
    /** The file magic, 8 ASCII bytes. */
    public static final String MAGIC = "DFMVRFMC";
    /** The format version this build writes and reads. */
    public static final int VERSION = 2;
    static final int HEADER_BYTES = 8 + 4 + 8 + 4;

    private final Path file;

    public FaceModelCache(Path file) {
        this.file = file;
    }

    @Override
    public MorphableModel load() throws IOException {
        return read(file);
    }

    /** Writes {@code model} to {@code file} (replacing it). */
    public static void write(MorphableModel model, Path file) throws IOException {
        Files.write(file, encode(model));
    }

    /** Reads a model written by {@link #write}; a wrong magic, version, length or checksum is an IOException. */
    public static MorphableModel read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    static byte[] encode(MorphableModel m) {
        byte[] id = m.id().getBytes(StandardCharsets.UTF_8);
        byte[] unit = m.unit().name().getBytes(StandardCharsets.UTF_8);
        int v = m.vertexCount();
        int[] l101 = m.hasLandmarks101() ? m.landmarkIds101() : new int[0];
        long payload = 4L + id.length + 4 + unit.length + 5 * 4
                + 4L * 3 * v * (2 + m.idRank() + m.expRank() + m.texRank())
                + 4L * (3 * m.triangleCount() + MorphableModel.LANDMARK_COUNT + 1 + l101.length
                + MorphableModel.ALIGNMENT_LANDMARKS.length) + 3L * v + 4 + (m.hasUvs() ? 8L * v : 0);
        if (HEADER_BYTES + payload > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("model " + m.id() + " needs " + (HEADER_BYTES + payload)
                    + " bytes, more than the 2 GiB a cache file may hold");
        }
        ByteBuffer b = ByteBuffer.allocate((int) (HEADER_BYTES + payload)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(HEADER_BYTES);
        b.putInt(id.length).put(id).putInt(unit.length).put(unit);
        b.putInt(v).putInt(m.triangleCount()).putInt(m.idRank()).putInt(m.expRank()).putInt(m.texRank());
        putFloats(b, m.meanShape());
        putFloats(b, m.identityBasis());
        putFloats(b, m.expressionBasis());
        putFloats(b, m.meanAlbedo());
        putFloats(b, m.textureBasis());
        putInts(b, m.triangles());
        putInts(b, m.landmarkIds68());
        b.putInt(l101.length);
        putInts(b, l101);
        putInts(b, m.alignmentIds());
        b.put(m.partLabels());
        putFlags(b, m.frontMask());
        putFlags(b, m.skinMask());
        b.putInt(m.hasUvs() ? 1 : 0);
        if (m.hasUvs()) {
            putFloats(b, m.uvs());
        }
        if (b.hasRemaining()) {
            throw new IllegalStateException("cache size computed wrongly: " + b.remaining() + " bytes left");
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), HEADER_BYTES, (int) payload);
        b.position(0);
        b.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putLong(payload).putInt((int) crc.getValue());
        return b.array();
    }

    static MorphableModel decode(byte[] bytes, String source) throws IOException {
        if (bytes.length < HEADER_BYTES) {
            throw new IOException(source + ": not a face-model cache, " + bytes.length + " bytes is shorter than the "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String magic = new String(bytes, 0, 8, StandardCharsets.US_ASCII);
        if (!MAGIC.equals(magic)) {
            throw new IOException(source + ": not a face-model cache, magic expected \"" + MAGIC + "\", got \""
                    + magic.replaceAll("[^\\x20-\\x7e]", "?") + "\"");
        }
        b.position(8);
        int version = b.getInt();
        if (version != VERSION) {
            throw new IOException(source + ": face-model cache version " + version + " is not supported, this build"
                    + " reads version " + VERSION + " (rebuild the cache from the original model)");
        }
        long payload = b.getLong();
        int expectedCrc = b.getInt();
        if (payload != bytes.length - HEADER_BYTES) {
            throw new IOException(source + ": face-model cache truncated or padded, header says " + payload
                    + " payload bytes, file has " + (bytes.length - HEADER_BYTES));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER_BYTES, (int) payload);
        if ((int) crc.getValue() != expectedCrc) {
            throw new IOException(source + ": face-model cache corrupted, CRC32 expected "
                    + Integer.toHexString(expectedCrc) + ", computed " + Long.toHexString(crc.getValue()));
        }
        try {
            String id = getString(b);
            LengthUnit unit = LengthUnit.valueOf(getString(b));
            int v = b.getInt(), t = b.getInt(), idRank = b.getInt(), expRank = b.getInt(), texRank = b.getInt();
            MorphableModel.Builder mb = MorphableModel.builder().id(id).unit(unit)
                    .meanShape(getFloats(b, 3 * v))
                    .identityBasis(getFloats(b, 3 * v * idRank), idRank)
                    .expressionBasis(getFloats(b, 3 * v * expRank), expRank)
                    .meanAlbedo(getFloats(b, 3 * v))
                    .textureBasis(getFloats(b, 3 * v * texRank), texRank)
                    .triangles(getInts(b, 3 * t))
                    .landmarks68(getInts(b, MorphableModel.LANDMARK_COUNT));
            int n101 = b.getInt();
            mb.landmarks101(n101 == 0 ? null : getInts(b, n101))
                    .alignment7(getInts(b, MorphableModel.ALIGNMENT_LANDMARKS.length));
            byte[] labels = new byte[v];
            b.get(labels);
            mb.partLabels(labels).frontMask(getFlags(b, v)).skinMask(getFlags(b, v));
            if (b.getInt() != 0) {
                mb.uvs(getFloats(b, 2 * v));
            }
            if (b.hasRemaining()) {
                throw new IOException(source + ": face-model cache has " + b.remaining() + " unread bytes");
            }
            return mb.build();
        } catch (RuntimeException e) {
            throw new IOException(source + ": face-model cache content is inconsistent: " + e.getMessage(), e);
        }
    }

    private static void putFloats(ByteBuffer b, float[] a) {
        b.asFloatBuffer().put(a);
        b.position(b.position() + 4 * a.length);
    }

    private static void putInts(ByteBuffer b, int[] a) {
        b.asIntBuffer().put(a);
        b.position(b.position() + 4 * a.length);
    }

    private static void putFlags(ByteBuffer b, boolean[] a) {
        for (boolean f : a) {
            b.put((byte) (f ? 1 : 0));
        }
    }

    private static float[] getFloats(ByteBuffer b, int n) {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        b.position(b.position() + 4 * n);
        return a;
    }

    private static int[] getInts(ByteBuffer b, int n) {
        int[] a = new int[n];
        b.asIntBuffer().get(a);
        b.position(b.position() + 4 * n);
        return a;
    }

    private static boolean[] getFlags(ByteBuffer b, int n) {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = b.get() != 0;
        }
        return a;
    }

    private static String getString(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
