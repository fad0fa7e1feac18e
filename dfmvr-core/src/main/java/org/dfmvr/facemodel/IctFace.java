package org.dfmvr.facemodel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The human face model shipped with the project ({@code ict-face}): the ICT Face Model Light (ICT-FaceKit, MIT
 * licence) full face area, 20 identity modes and the 13 expression blendshapes of the shared subset, in
 * <b>millimetres</b>, with its 68 landmark ids, the 101 3D-landmark ids {@link Landmarks101 derived} from them and
 * the OBJ's texture coordinates. It loads from the class path ({@value #RESOURCE}, copied from the repository's
 * {@code models/ict-face} by the build), so it needs no download and no {@code ../shared}.
 *
 * <p>The file stores only what cannot be recomputed; loading runs the same {@link IctFaceKitImporter#assemble} as the
 * OBJ importer (part labels, centring, the seeded synthetic albedo basis of rank {@value #TEX_RANK}), then converts
 * centimetres to millimetres. Layout: one gzip stream of, little-endian:
 * <pre>
 * magic "DFMVRICT" (8 ASCII bytes) | int32 version (= {@value #VERSION})
 * | string id | int32 V, T, idRank, expRank
 * | float32 meanCm[3V] (as in the OBJ, not centred)
 * | float32 idScale[idRank] | int16 idBasis[3V*idRank]     ([3V,K] row-major; value = q * scale of its column, cm)
 * | float32 expScale[expRank] | int16 expBasis[3V*expRank]
 * | int32 triangles[3T] | landmarks68[68] | landmarks101[101]
 * | int32 hasUvs (0/1) | float32 uvs[2V] when 1
 * string: int32 byte length | UTF-8 bytes
 * </pre>
 * Quantising each basis column to 16 bits with its own scale keeps every entry within half a step of ICT's value
 * (the largest step is measured by {@code IctFaceTest}; well under a micrometre); gzip's CRC32 checks the whole
 * stream. {@link #main} rebuilds the file from an ICT-FaceKit FaceXModel folder.
 */
public final class IctFace implements FaceModelSource {
    /** The spec of the shipped model in {@link FaceModels}. */
    public static final String NAME = "ict-face";
    /** Class-path location of the shipped file. */
    public static final String RESOURCE = "/dfmvr/models/ict-face/ict-face.bin.gz";
    static final String MAGIC = "DFMVRICT";
    static final int VERSION = 1;
    /** Rank of the synthetic albedo basis (ICT has no albedo modes), Deep3DFace's texture rank. */
    static final int TEX_RANK = 80;
    /** Seed of the synthetic albedo basis. */
    static final long TEXTURE_SEED = 0;

    private static volatile MorphableModel loaded;

    @Override
    public MorphableModel load() throws IOException {
        MorphableModel m = loaded;
        if (m == null) {
            synchronized (IctFace.class) {
                if (loaded == null) {
                    try (InputStream in = IctFace.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IOException("the built-in face model " + RESOURCE + " is not on the class path:"
                                    + " the jar was built without the repository's models/ folder");
                        }
                        loaded = fromPieces(decode(in.readAllBytes(), "classpath:" + RESOURCE));
                    }
                }
                m = loaded;
            }
        }
        return m;
    }

    /** The model of {@code p} (cm pieces) in millimetres. */
    static MorphableModel fromPieces(IctFaceKitImporter.Pieces p) {
        return inMillimetres(IctFaceKitImporter.assemble(p, TEXTURE_SEED, TEX_RANK));
    }

    /** {@code m} (in any unit) with shape, bases in millimetres and unit {@link LengthUnit#MM}. */
    static MorphableModel inMillimetres(MorphableModel m) {
        float k = (float) m.unit().millimetresPerUnit();
        return m.toBuilder().unit(LengthUnit.MM).meanShape(scaled(m.meanShape(), k))
                .identityBasis(scaled(m.identityBasis(), k), m.idRank())
                .expressionBasis(scaled(m.expressionBasis(), k), m.expRank()).build();
    }

    private static float[] scaled(float[] a, float k) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * k;
        }
        return out;
    }

    /** Writes the shipped file for the ICT pieces {@code p}. */
    static void write(IctFaceKitImporter.Pieces p, Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(encode(p));
        }
    }

    static byte[] encode(IctFaceKitImporter.Pieces p) {
        byte[] id = p.id().getBytes(StandardCharsets.UTF_8);
        int v = p.meanCm().length / 3, t = p.triangles().length / 3;
        long size = 8 + 4 + 4 + id.length + 16 + 12L * v + 4L * (p.idRank() + p.expRank())
                + 2L * 3 * v * (p.idRank() + p.expRank()) + 4L * (3 * t + 68 + 101) + 4
                + (p.uvs() == null ? 0 : 8L * v);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putInt(id.length).put(id);
        b.putInt(v).putInt(t).putInt(p.idRank()).putInt(p.expRank());
        for (float f : p.meanCm()) {
            b.putFloat(f);
        }
        putQuantised(b, p.idBasis(), p.idRank());
        putQuantised(b, p.expBasis(), p.expRank());
        for (int[] ints : new int[][] {p.triangles(), p.landmarks68(), p.landmarks101()}) {
            for (int i : ints) {
                b.putInt(i);
            }
        }
        b.putInt(p.uvs() == null ? 0 : 1);
        if (p.uvs() != null) {
            for (float f : p.uvs()) {
                b.putFloat(f);
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalStateException("ict-face size computed wrongly: " + b.remaining() + " bytes left");
        }
        return b.array();
    }

    /** Reads the gzip {@code bytes} of a file {@link #write} made; anything malformed is an IOException. */
    static IctFaceKitImporter.Pieces decode(byte[] gzipped, String source) throws IOException {
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
            bytes = in.readAllBytes(); // to the end, so the gzip trailer's CRC32 and length are checked
        } catch (IOException e) {
            throw new IOException(source + ": not an intact gzip stream: " + e.getMessage(), e);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[8];
            b.get(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new IOException(source + ": not an ict-face file, magic expected \"" + MAGIC + "\"");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw new IOException(source + ": ict-face file version " + version + ", this build reads " + VERSION);
            }
            byte[] id = new byte[b.getInt()];
            b.get(id);
            int v = b.getInt(), t = b.getInt(), idRank = b.getInt(), expRank = b.getInt();
            float[] mean = new float[3 * v];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = b.getFloat();
            }
            float[] idBasis = getQuantised(b, 3 * v, idRank);
            float[] expBasis = getQuantised(b, 3 * v, expRank);
            int[] triangles = getInts(b, 3 * t);
            int[] l68 = getInts(b, MorphableModel.LANDMARK_COUNT);
            int[] l101 = getInts(b, MorphableModel.LANDMARK3D_COUNT);
            float[] uvs = null;
            if (b.getInt() != 0) {
                uvs = new float[2 * v];
                for (int i = 0; i < uvs.length; i++) {
                    uvs[i] = b.getFloat();
                }
            }
            if (b.hasRemaining()) {
                throw new IOException(source + ": ict-face file has " + b.remaining() + " unread bytes");
            }
            return new IctFaceKitImporter.Pieces(new String(id, StandardCharsets.UTF_8), mean, triangles, l68, l101,
                    idBasis, idRank, expBasis, expRank, uvs);
        } catch (RuntimeException e) {
            throw new IOException(source + ": ict-face file truncated or inconsistent: " + e, e);
        }
    }

    private static void putQuantised(ByteBuffer b, float[] basis, int rank) {
        float[] scale = columnScales(basis, rank);
        for (float s : scale) {
            b.putFloat(s);
        }
        for (int i = 0; i < basis.length; i++) {
            b.putShort((short) Math.round(basis[i] / scale[i % rank]));
        }
    }

    /** Per column: the largest magnitude / 32767, so every entry maps into the int16 range (1 for a zero column). */
    static float[] columnScales(float[] basis, int rank) {
        float[] scale = new float[rank];
        for (int i = 0; i < basis.length; i++) {
            scale[i % rank] = Math.max(scale[i % rank], Math.abs(basis[i]));
        }
        for (int c = 0; c < rank; c++) {
            scale[c] = scale[c] > 0 ? scale[c] / Short.MAX_VALUE : 1;
        }
        return scale;
    }

    private static float[] getQuantised(ByteBuffer b, int rows, int rank) {
        float[] scale = new float[rank];
        for (int c = 0; c < rank; c++) {
            scale[c] = b.getFloat();
        }
        float[] basis = new float[rows * rank];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = b.getShort() * scale[i % rank];
        }
        return basis;
    }

    private static int[] getInts(ByteBuffer b, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = b.getInt();
        }
        return a;
    }

    /**
     * Rebuilds the shipped file: {@code IctFace <FaceXModel folder> <output .bin.gz>} (full face area, every identity
     * and expression OBJ present in the folder).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: IctFace <ICT-FaceKit FaceXModel folder> <output ict-face.bin.gz>");
            System.exit(2);
        }
        IctFaceKitImporter.Pieces p = new IctFaceKitImporter(Path.of(args[0]),
                new IctFaceKitImporter.Settings(IctFaceKitImporter.FaceArea.FULL, TEXTURE_SEED, TEX_RANK)).pieces();
        IctFaceKitImporter.Pieces shipped = new IctFaceKitImporter.Pieces(NAME + ":v" + VERSION + ":" + p.id(),
                p.meanCm(), p.triangles(), p.landmarks68(), p.landmarks101(), p.idBasis(), p.idRank(), p.expBasis(),
                p.expRank(), p.uvs());
        write(shipped, Path.of(args[1]));
        System.out.println("wrote " + args[1] + ": " + Files.size(Path.of(args[1])) + " bytes, "
                + p.meanCm().length / 3 + " vertices, " + p.idRank() + " identity and " + p.expRank()
                + " expression modes, uvs " + (p.uvs() != null));
    }
}
