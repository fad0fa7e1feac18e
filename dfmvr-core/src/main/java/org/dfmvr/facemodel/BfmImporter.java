package org.dfmvr.facemodel;

import org.dfmvr.io.MatFields;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dfmvr.mesh.MeshNormals;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Imports the Basel Face Model 2009 (Paysan et al. 2009) the way Deep3DFace prepares it (reference §3,
 * sicxu/Deep3DFaceRecon_pytorch:util/load_mats.py {@code transferBFM09}), from either
 * <ul>
 *   <li>{@link #frontModel}: Deep3DFace's {@code BFM_model_front.mat} — meanshape 1x3V (dm), meantex 1x3V (0..255),
 *       idBase 3VxK, exBase 3VxK, texBase 3VxK (0..255 per unit), tri Tx3, keypoints 1x68 (both 1-based), and the
 *       optional skinmask 1xV and frontmask2_idx Nx1 (1-based); point_buf is not read (normals come from
 *       {@link MeshNormals}); or</li>
 *   <li>{@link #original}: a folder with the licensed originals — {@code 01_MorphableModel.mat} (shapeMU, shapePC,
 *       shapeEV, texMU, texPC, texEV), Guo et al.'s {@code Exp_Pca.bin} (int32 dim; float32 expMU[3Ne];
 *       float32 expPC[dim x 3Ne], rows = components, little-endian) with {@code std_exp.txt} (dim values),
 *       {@code BFM_front_idx.mat} ('idx', front vertices into the Ne expression vertices),
 *       {@code BFM_exp_idx.mat} ('trimIndex', the Ne expression vertices into BFM's vertices) and
 *       {@code facemodel_info.mat} (tri, keypoints, skinmask, frontmask2_idx) — combined as transferBFM09 does:
 *       idBase = shapePC·diag(shapeEV)/1e5, exBase = expPC·diag(expEV)/1e5, texBase = texPC·diag(texEV), first
 *       K columns, shape and texture rows selected by trimIndex[idx], expression rows by idx; expMU is not used.</li>
 * </ul>
 * Both give unit {@link LengthUnit#DM}, the mean shape centred on its centroid (Deep3DFace re-centres every shape
 * by the mean-shape centroid), albedo divided by 255. For the 35709-vertex BFM-front topology the 101 3D-landmark
 * ids and the 7 alignment ids are DF-MVR's tables (reference §8; note DF-MVR's right-eye outer corner is vertex
 * 14065 while keypoint 46 is 14066); other topologies derive the 7 from the keypoints and have no 101. Part labels
 * come from the keypoints ({@link PartLabeler}); frontMask is frontmask2_idx when present, skinMask is skinmask
 * when present, else both come from the part labels.
 */
public final class BfmImporter implements FaceModelSource {
    /** The spec prefix used by {@link FaceModels}. */
    public static final String NAME = "bfm";
    /** Vertices of Deep3DFace's BFM-front topology. */
    public static final int BFM_FRONT_VERTICES = 35709;
    /** DF-MVR's pre_index_101 (0-based, BFM-front topology), reference §8. */
    static final int[] BFM_FRONT_LANDMARKS_101 = {16644, 16758, 16888, 16467, 16357, 16264, 16275, 32244, 32634,
        32939, 33169, 33375, 33526, 33654, 33838, 34022, 34175, 34312, 34559, 34766, 35075, 35472, 27816, 27608, 27338,
        27208, 27329, 27440, 28111, 28787, 29177, 29382, 29549, 30288, 30454, 30662, 31056, 31716, 8161, 8177, 8187,
        8192, 6515, 7243, 8204, 9163, 9883, 2215, 3500, 5181, 5828, 4932, 3382, 10455, 11225, 12771, 14065, 12911,
        11365, 2838, 4515, 5547, 6318, 9931, 10690, 11852, 13399, 4404, 4157, 4280, 11997, 12138, 12132, 7202, 9241,
        6248, 9987, 5357, 10887, 5522, 6025, 7495, 8215, 8935, 10395, 10795, 9555, 8836, 8236, 7636, 6915, 5909, 7384,
        8223, 9064, 10537, 8829, 8229, 7629, 4280, 11745};
    /** DF-MVR's 7 alignment vertices (0-based, BFM-front topology), reference §1.5 and §8. */
    static final int[] BFM_FRONT_ALIGNMENT_7 = {2215, 5828, 10455, 14065, 8192, 5522, 10795};
    /** BFM millimetre-scale values (shapeMU, shapePC·EV) divided by this give Deep3DFace's decimetres. */
    static final double TO_DECIMETRES = 1e5;

    /** How many leading columns of each basis to keep from the original files (Deep3DFace: 80/64/80). */
    public record Ranks(int id, int exp, int tex) {
        public Ranks {
            if (id < 1 || exp < 0 || tex < 0) {
                throw new IllegalArgumentException("BFM ranks must be id >= 1, exp >= 0, tex >= 0, got " + id + "/"
                        + exp + "/" + tex);
            }
        }

        public static Ranks deep3dFace() {
            return new Ranks(80, 64, 80);
        }
    }

    private final Path path;
    private final Ranks ranks;

    private BfmImporter(Path path, Ranks ranks) {
        this.path = path;
        this.ranks = ranks;
    }

    /** Source for Deep3DFace's {@code BFM_model_front.mat}; ranks are those of the file. */
    public static BfmImporter frontModel(Path matFile) {
        return new BfmImporter(matFile, null);
    }

    /** Source for the folder of original BFM 2009 files plus Deep3DFace's index files (see the class comment). */
    public static BfmImporter original(Path folder, Ranks ranks) {
        return new BfmImporter(folder, ranks);
    }

    @Override
    public MorphableModel load() throws IOException {
        return ranks == null ? loadFront() : loadOriginal();
    }

    private MorphableModel loadFront() throws IOException {
        MatFields f = MatFields.open(path);
        double[] meanShape = f.vector("meanshape", -1);
        if (meanShape.length % 3 != 0 || meanShape.length == 0) {
            throw new IOException(path + ": field 'meanshape' must hold 3V values, got " + meanShape.length);
        }
        int v = meanShape.length / 3;
        Matrix id = f.matrix("idBase", 3 * v, -1);
        Matrix exp = f.matrix("exBase", 3 * v, -1);
        Matrix tex = f.matrix("texBase", 3 * v, -1);
        float[] idBasis = columns(id, null, id.getNumCols(), null, 1);
        float[] expBasis = columns(exp, null, exp.getNumCols(), null, 1);
        float[] texBasis = columns(tex, null, tex.getNumCols(), null, 1 / 255.0);
        float[] meanAlbedo = scaled(f.vector("meantex", 3 * v), 1 / 255.0);
        return assemble(f, toFloat(meanShape), idBasis, id.getNumCols(), expBasis, exp.getNumCols(), meanAlbedo,
                texBasis, tex.getNumCols(), "front:" + path.getFileName());
    }

    private MorphableModel loadOriginal() throws IOException {
        if (!Files.isDirectory(path)) {
            throw new IOException("BFM folder " + path + " does not exist (expected 01_MorphableModel.mat, "
                    + "Exp_Pca.bin, std_exp.txt, BFM_front_idx.mat, BFM_exp_idx.mat, facemodel_info.mat)");
        }
        MatFields bfm = MatFields.open(path.resolve("01_MorphableModel.mat"));
        double[] shapeMu = bfm.vector("shapeMU", -1);
        int full = shapeMu.length / 3;
        if (shapeMu.length % 3 != 0 || full == 0) {
            throw new IOException(bfm.file() + ": field 'shapeMU' must hold 3N values, got " + shapeMu.length);
        }
        MatFields expIdx = MatFields.open(path.resolve("BFM_exp_idx.mat"));
        int[] trimIndex = expIdx.indices("trimIndex", -1, full);
        MatFields frontIdx = MatFields.open(path.resolve("BFM_front_idx.mat"));
        int[] idx = frontIdx.indices("idx", -1, trimIndex.length);
        int v = idx.length;
        int[] shapeRows = new int[v];
        for (int i = 0; i < v; i++) {
            shapeRows[i] = trimIndex[idx[i]];
        }

        Matrix shapePc = bfm.matrix("shapePC", 3 * full, -1);
        double[] shapeEv = bfm.vector("shapeEV", shapePc.getNumCols());
        Matrix texPc = bfm.matrix("texPC", 3 * full, -1);
        double[] texEv = bfm.vector("texEV", texPc.getNumCols());
        double[] texMu = bfm.vector("texMU", 3 * full);
        requireColumns(bfm.file(), "shapePC", shapePc.getNumCols(), ranks.id());
        requireColumns(bfm.file(), "texPC", texPc.getNumCols(), ranks.tex());
        float[] idBasis = columns(shapePc, shapeRows, ranks.id(), shapeEv, 1 / TO_DECIMETRES);
        float[] texBasis = columns(texPc, shapeRows, ranks.tex(), texEv, 1 / 255.0);
        float[] expBasis = expressionBasis(trimIndex.length, idx);

        float[] mean = new float[3 * v];
        float[] albedo = new float[3 * v];
        for (int i = 0; i < v; i++) {
            for (int a = 0; a < 3; a++) {
                mean[3 * i + a] = (float) (shapeMu[3 * shapeRows[i] + a] / TO_DECIMETRES);
                albedo[3 * i + a] = (float) (texMu[3 * shapeRows[i] + a] / 255.0);
            }
        }
        MatFields info = MatFields.open(path.resolve("facemodel_info.mat"));
        return assemble(info, mean, idBasis, ranks.id(), expBasis, ranks.exp(), albedo, texBasis, ranks.tex(),
                "original:" + path.getFileName());
    }

    /** exBase rows of the front vertices, from Exp_Pca.bin and std_exp.txt. */
    private float[] expressionBasis(int expVertices, int[] idx) throws IOException {
        Path bin = path.resolve("Exp_Pca.bin");
        if (!Files.isRegularFile(bin)) {
            throw new IOException("BFM expression file " + bin + " is missing");
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        int dim = b.remaining() >= 4 ? b.getInt() : -1;
        long expected = 4L + 4L * 3 * expVertices * (1L + Math.max(dim, 0));
        if (dim < 1 || b.capacity() != expected) {
            throw new IOException(bin + ": expected int32 dim then " + 3 * expVertices + " + dim x " + 3 * expVertices
                    + " float32 values (dim = " + dim + ", " + expected + " bytes), file has " + b.capacity()
                    + " bytes");
        }
        requireColumns(bin.toString(), "expPC", dim, ranks.exp());
        Path stdFile = path.resolve("std_exp.txt");
        if (!Files.isRegularFile(stdFile)) {
            throw new IOException("BFM expression file " + stdFile + " is missing");
        }
        String[] tokens = Files.readString(stdFile).trim().split("\\s+");
        if (tokens.length != dim) {
            throw new IOException(stdFile + ": expected " + dim + " standard deviations (one per expPC row), got "
                    + tokens.length);
        }
        double[] ev = new double[dim];
        for (int k = 0; k < dim; k++) {
            ev[k] = Double.parseDouble(tokens[k]);
        }
        int base = 4 + 4 * 3 * expVertices;
        int k = ranks.exp();
        float[] basis = new float[3 * idx.length * k];
        for (int i = 0; i < idx.length; i++) {
            for (int a = 0; a < 3; a++) {
                int row = 3 * i + a;
                for (int c = 0; c < k; c++) {
                    float pc = b.getFloat(base + 4 * (c * 3 * expVertices + 3 * idx[i] + a));
                    basis[row * k + c] = (float) (pc * ev[c] / TO_DECIMETRES);
                }
            }
        }
        return basis;
    }

    private MorphableModel assemble(MatFields info, float[] mean, float[] idBasis, int idRank, float[] expBasis,
            int expRank, float[] albedo, float[] texBasis, int texRank, String variant) throws IOException {
        int v = mean.length / 3;
        Matrix triMatrix = info.matrix("tri", -1, 3);
        double[] triValues = new double[3 * triMatrix.getNumRows()];
        for (int t = 0; t < triMatrix.getNumRows(); t++) {
            for (int c = 0; c < 3; c++) {
                triValues[3 * t + c] = triMatrix.getDouble(t, c);
            }
        }
        int[] triangles = info.toZeroBased("tri", triValues, v);
        int[] keypoints = info.indices("keypoints", MorphableModel.LANDMARK_COUNT, v);

        double[] c = new double[3];
        for (int i = 0; i < mean.length; i++) {
            c[i % 3] += mean[i];
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] -= (float) (c[i % 3] / v);
        }
        float[] normals = new float[mean.length];
        MeshNormals.vertexNormals(mean, triangles, normals);
        byte[] labels = PartLabeler.label(mean, normals, SyntheticFaceModel.gather(mean, keypoints));
        boolean[] front = new boolean[v];
        boolean[] skin = new boolean[v];
        if (info.has("frontmask2_idx")) {
            for (int i : info.indices("frontmask2_idx", -1, v)) {
                front[i] = true;
            }
        } else {
            for (int i = 0; i < v; i++) {
                front[i] = labels[i] != FacePart.BACKGROUND.label();
            }
        }
        if (info.has("skinmask")) {
            double[] s = info.vector("skinmask", v);
            for (int i = 0; i < v; i++) {
                skin[i] = s[i] != 0;
            }
        } else {
            for (int i = 0; i < v; i++) {
                skin[i] = labels[i] == FacePart.SKIN.label();
            }
        }
        boolean bfmFront = v == BFM_FRONT_VERTICES;
        return MorphableModel.builder().id(NAME + ":" + variant + ":" + idRank + "/" + expRank + "/" + texRank)
                .unit(LengthUnit.DM).meanShape(mean).identityBasis(idBasis, idRank)
                .expressionBasis(expBasis, expRank).meanAlbedo(albedo).textureBasis(texBasis, texRank)
                .triangles(triangles).landmarks68(keypoints)
                .landmarks101(bfmFront ? BFM_FRONT_LANDMARKS_101 : null)
                .alignment7(bfmFront ? BFM_FRONT_ALIGNMENT_7 : null)
                .partLabels(labels).frontMask(front).skinMask(skin).build();
    }

    /**
     * The first {@code k} columns of {@code m}, rows {@code 3·rows[i] + axis} (all rows when {@code rows} is null),
     * each column multiplied by {@code columnScale[c]} (or 1) and by {@code scale}, as a [3V,k] row-major basis.
     */
    private static float[] columns(Matrix m, int[] rows, int k, double[] columnScale, double scale) {
        int v = rows == null ? m.getNumRows() / 3 : rows.length;
        float[] out = new float[3 * v * k];
        for (int i = 0; i < v; i++) {
            int src = rows == null ? i : rows[i];
            for (int a = 0; a < 3; a++) {
                for (int c = 0; c < k; c++) {
                    double s = columnScale == null ? 1 : columnScale[c];
                    out[(3 * i + a) * k + c] = (float) (m.getDouble(3 * src + a, c) * s * scale);
                }
            }
        }
        return out;
    }

    private static void requireColumns(String file, String name, int have, int need) throws IOException {
        if (have < need) {
            throw new IOException(file + ": '" + name + "' has " + have + " components, the requested rank needs "
                    + need);
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static float[] scaled(double[] d, double s) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) (d[i] * s);
        }
        return f;
    }

    @Override
    public String toString() {
        return "BfmImporter[" + path + (ranks == null ? ", front model]" : ", original files, " + ranks + "]");
    }
}
