package org.dfmvr.facemodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Writes small MAT files with the real BFM / Deep3DFace field names and layouts, filled from a small synthetic
 * model converted to decimetres, and checks the importers give that model back.
 */
class BfmImporterTest {
    /** The reference model, in BFM's conventions: decimetres, albedo in [0,1]. */
    private static MorphableModel source;
    private static float[] meanDm;
    private static float[] idDm;
    private static float[] expDm;
    private static int v;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        if (source != null) {
            return;
        }
        source = SyntheticFaceModel.build(new SyntheticFaceModel.Settings(11, 25, 5, 4, 3));
        v = source.vertexCount();
        meanDm = scaled(source.meanShape(), 0.01f);
        idDm = scaled(source.identityBasis(), 0.01f);
        expDm = scaled(source.expressionBasis(), 0.01f);
    }

    // ---- BFM_model_front.mat --------------------------------------------------------------------------------

    @Test
    void givenFrontModelMat_whenImported_thenShapeAlbedoTopologyAndLandmarksAreThoseWritten() throws IOException {
        Path file = writeFront(Set.of(), false);
        MorphableModel m = BfmImporter.frontModel(file).load();
        assertEquals(LengthUnit.DM, m.unit());
        assertEquals(v, m.vertexCount());
        assertArrayEquals(source.triangles(), m.triangles());
        assertArrayEquals(source.landmarkIds68(), m.landmarkIds68());
        assertArrayEquals(centred(meanDm), m.meanShape(), 1e-6f);
        assertArrayEquals(idDm, m.identityBasis(), 1e-6f);
        assertArrayEquals(expDm, m.expressionBasis(), 1e-6f);
        assertArrayEquals(source.meanAlbedo(), m.meanAlbedo(), 1e-6f);
        assertArrayEquals(source.textureBasis(), m.textureBasis(), 1e-6f);
        assertArrayEquals(source.skinMask(), m.skinMask());
        assertFalse(m.hasLandmarks101(), "only the 35709-vertex BFM-front topology has the 101 ids");
    }

    @Test
    void givenFrontModelWithoutIdBase_whenImported_thenErrorNamesTheMissingField() throws IOException {
        Path file = writeFront(Set.of("idBase"), false);
        var e = assertThrows(IOException.class, () -> BfmImporter.frontModel(file).load());
        assertTrue(e.getMessage().endsWith("field 'idBase' is missing"), e.getMessage());
    }

    @Test
    void givenIdBaseWithTooFewRows_whenImported_thenErrorGivesExpectedAndActualShape() throws IOException {
        Path file = writeFront(Set.of(), true);
        var e = assertThrows(IOException.class, () -> BfmImporter.frontModel(file).load());
        assertTrue(e.getMessage().endsWith("field 'idBase' must be " + 3 * v + "xK, got " + (3 * v - 3) + "x5"),
                e.getMessage());
    }

    @Test
    void givenMatlabV73File_whenImported_thenErrorSaysHdf5IsNotSupported() throws IOException {
        byte[] header = new byte[512 + 8];
        Arrays.fill(header, 0, 512, (byte) ' ');
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Tue Nov 24 2026 HDF5 schema 1.00 ."
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        System.arraycopy(org.dfmvr.io.MatFields.HDF5_SIGNATURE, 0, header, 512, 8);
        Path file = dir.resolve("BFM_model_front.mat");
        Files.write(file, header);
        var e = assertThrows(IOException.class, () -> BfmImporter.frontModel(file).load());
        assertTrue(e.getMessage().contains("MATLAB v7.3 (HDF5) file"), e.getMessage());
    }

    @Test
    void givenKeypointBeyondTheMesh_whenImported_thenErrorNamesFieldEntryAndRange() throws IOException {
        Path file = dir.resolve("BFM_model_front.mat");
        MatFile mat = frontFields(Set.of(), false);
        double[] kp = oneBased(source.landmarkIds68());
        kp[7] = v + 1;
        mat.addArray("keypoints", matrix(kp, 1, 68));
        Mat5.writeToFile(mat, file.toFile());
        var e = assertThrows(IOException.class, () -> BfmImporter.frontModel(file).load());
        assertTrue(e.getMessage().endsWith("field 'keypoints' entry 7 = " + (v + 1.0) + " is not a 1-based index in [1,"
                + v + "]"), e.getMessage());
    }

    // ---- original BFM 2009 files --------------------------------------------------------------------------

    @Test
    void givenOriginalFiles_whenImported_thenBasesAreScaledByEigenvaluesAndRowsSelectedThroughBothIndexMaps()
            throws IOException {
        writeOriginal(dir, 5);
        MorphableModel m = BfmImporter.original(dir, new BfmImporter.Ranks(5, 4, 3)).load();
        assertEquals(v, m.vertexCount());
        assertArrayEquals(centred(meanDm), m.meanShape(), 1e-5f);
        assertArrayEquals(idDm, m.identityBasis(), 1e-5f);
        assertArrayEquals(expDm, m.expressionBasis(), 1e-5f);
        assertArrayEquals(source.meanAlbedo(), m.meanAlbedo(), 1e-5f);
        assertArrayEquals(source.textureBasis(), m.textureBasis(), 1e-5f);
        assertArrayEquals(source.landmarkIds68(), m.landmarkIds68());
    }

    @Test
    void givenRankAboveTheComponentsInTheFile_whenImported_thenErrorGivesBoth() throws IOException {
        writeOriginal(dir, 5);
        var e = assertThrows(IOException.class,
                () -> BfmImporter.original(dir, new BfmImporter.Ranks(7, 4, 3)).load());
        assertTrue(e.getMessage().endsWith("'shapePC' has 6 components, the requested rank needs 7"), e.getMessage());
    }

    @Test
    void givenTruncatedExpressionFile_whenImported_thenErrorGivesExpectedAndActualSize() throws IOException {
        writeOriginal(dir, 5);
        Path bin = dir.resolve("Exp_Pca.bin");
        byte[] bytes = Files.readAllBytes(bin);
        Files.write(bin, Arrays.copyOf(bytes, bytes.length - 4));
        var e = assertThrows(IOException.class, () -> BfmImporter.original(dir, new BfmImporter.Ranks(5, 4, 3)).load());
        assertTrue(e.getMessage().contains("file has " + (bytes.length - 4) + " bytes"), e.getMessage());
    }

    // ---- writers ------------------------------------------------------------------------------------------

    private Path writeFront(Set<String> omit, boolean shortIdBase) throws IOException {
        Path file = dir.resolve("BFM_model_front.mat");
        Mat5.writeToFile(frontFields(omit, shortIdBase), file.toFile());
        return file;
    }

    /** Writes a complete, valid {@code BFM_model_front.mat} of the test model into {@code folder}. */
    static Path writeValidFront(Path folder) throws IOException {
        build();
        Path file = folder.resolve("BFM_model_front.mat");
        Mat5.writeToFile(frontFields(Set.of(), false), file.toFile());
        return file;
    }

    /** Deep3DFace's BFM_model_front.mat fields (reference §3), at this model's size. */
    private static MatFile frontFields(Set<String> omit, boolean shortIdBase) {
        MatFile mat = Mat5.newMatFile();
        add(mat, omit, "meanshape", matrix(toDouble(meanDm, 1), 1, 3 * v));
        add(mat, omit, "meantex", matrix(toDouble(source.meanAlbedo(), 255), 1, 3 * v));
        int idRows = shortIdBase ? 3 * v - 3 : 3 * v;
        add(mat, omit, "idBase", matrix(Arrays.copyOf(toDouble(idDm, 1), idRows * 5), idRows, 5));
        add(mat, omit, "exBase", matrix(toDouble(expDm, 1), 3 * v, 4));
        add(mat, omit, "texBase", matrix(toDouble(source.textureBasis(), 255), 3 * v, 3));
        int[] tri = source.triangles();
        add(mat, omit, "tri", matrix(oneBased(tri), tri.length / 3, 3));
        add(mat, omit, "keypoints", matrix(oneBased(source.landmarkIds68()), 1, 68));
        add(mat, omit, "point_buf", matrix(new double[v * 8], v, 8));
        add(mat, omit, "skinmask", matrix(flags(source.skinMask()), 1, v));
        return mat;
    }

    /**
     * The original-files folder: full BFM has v + 2 vertices, the expression model v + 1; front vertex i is
     * expression vertex v - i (idx) which is full vertex v + 1 - i (trimIndex), all 0-based.
     */
    private static void writeOriginal(Path folder, int expDim) throws IOException {
        int full = v + 2;
        int expVertices = v + 1;
        int[] idx = new int[v];
        int[] trim = new int[expVertices];
        for (int i = 0; i < v; i++) {
            idx[i] = v - i;
        }
        for (int e = 0; e < expVertices; e++) {
            trim[e] = e + 1;
        }
        double[] shapeEv = {2, 3, 4, 5, 6, 7};
        double[] texEv = {10, 20, 30, 40};
        double[] shapeMu = new double[3 * full];
        double[] texMu = new double[3 * full];
        double[] shapePc = new double[3 * full * 6];
        double[] texPc = new double[3 * full * 4];
        Arrays.fill(shapeMu, 12345);
        float[] albedo = source.meanAlbedo();
        float[] tex = source.textureBasis();
        for (int i = 0; i < v; i++) {
            int f = trim[idx[i]];
            for (int a = 0; a < 3; a++) {
                int r = 3 * i + a, fr = 3 * f + a;
                shapeMu[fr] = meanDm[r] * BfmImporter.TO_DECIMETRES;
                texMu[fr] = albedo[r] * 255.0;
                for (int k = 0; k < 5; k++) {
                    shapePc[fr * 6 + k] = idDm[r * 5 + k] * BfmImporter.TO_DECIMETRES / shapeEv[k];
                }
                shapePc[fr * 6 + 5] = 1; // a sixth component beyond the requested rank
                for (int k = 0; k < 3; k++) {
                    texPc[fr * 4 + k] = tex[r * 3 + k] * 255.0 / texEv[k];
                }
            }
        }
        MatFile bfm = Mat5.newMatFile()
                .addArray("shapeMU", matrix(shapeMu, 3 * full, 1))
                .addArray("shapePC", matrix(shapePc, 3 * full, 6))
                .addArray("shapeEV", matrix(shapeEv, 6, 1))
                .addArray("texMU", matrix(texMu, 3 * full, 1))
                .addArray("texPC", matrix(texPc, 3 * full, 4))
                .addArray("texEV", matrix(texEv, 4, 1));
        Mat5.writeToFile(bfm, folder.resolve("01_MorphableModel.mat").toFile());
        Mat5.writeToFile(Mat5.newMatFile().addArray("idx", matrix(oneBased(idx), v, 1)),
                folder.resolve("BFM_front_idx.mat").toFile());
        Mat5.writeToFile(Mat5.newMatFile().addArray("trimIndex", matrix(oneBased(trim), expVertices, 1)),
                folder.resolve("BFM_exp_idx.mat").toFile());
        int[] tri = source.triangles();
        Mat5.writeToFile(Mat5.newMatFile()
                .addArray("tri", matrix(oneBased(tri), tri.length / 3, 3))
                .addArray("keypoints", matrix(oneBased(source.landmarkIds68()), 1, 68))
                .addArray("skinmask", matrix(flags(source.skinMask()), 1, v)),
                folder.resolve("facemodel_info.mat").toFile());

        double[] expEv = {1.5, 2.5, 3.5, 4.5, 5.5};
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * 3 * expVertices * (1 + expDim)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(expDim);
        int pcBase = 4 + 4 * 3 * expVertices;
        for (int i = 0; i < v; i++) {
            for (int a = 0; a < 3; a++) {
                for (int k = 0; k < 4; k++) {
                    b.putFloat(pcBase + 4 * (k * 3 * expVertices + 3 * idx[i] + a),
                            (float) (expDm[(3 * i + a) * 4 + k] * BfmImporter.TO_DECIMETRES / expEv[k]));
                }
            }
        }
        Files.write(folder.resolve("Exp_Pca.bin"), b.array());
        StringBuilder std = new StringBuilder();
        for (double e : expEv) {
            std.append(e).append('\n');
        }
        Files.writeString(folder.resolve("std_exp.txt"), std.toString());
    }

    private static void add(MatFile mat, Set<String> omit, String name, Matrix m) {
        if (!omit.contains(name)) {
            mat.addArray(name, m);
        }
    }

    /** A MATLAB matrix from row-major values. */
    private static Matrix matrix(double[] rowMajor, int rows, int cols) {
        Matrix m = Mat5.newMatrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.setDouble(r, c, rowMajor[r * cols + c]);
            }
        }
        return m;
    }

    private static double[] oneBased(int[] ids) {
        double[] d = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            d[i] = ids[i] + 1;
        }
        return d;
    }

    private static double[] flags(boolean[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i] ? 1 : 0;
        }
        return d;
    }

    private static double[] toDouble(float[] f, double scale) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i] * scale;
        }
        return d;
    }

    private static float[] scaled(float[] f, float s) {
        float[] out = f.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** Minus the centroid of all vertices (Deep3DFace's re-centring). */
    private static float[] centred(float[] p) {
        double[] c = new double[3];
        for (int i = 0; i < p.length; i++) {
            c[i % 3] += p[i];
        }
        float[] out = p.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= (float) (c[i % 3] / (p.length / 3));
        }
        return out;
    }
}
