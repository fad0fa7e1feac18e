package org.dfmvr.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.dfmvr.eval.protocol.LandmarkedMesh;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.io.BntScan;
import org.dfmvr.io.LandmarkFile;
import org.dfmvr.io.MalformedFileException;
import org.dfmvr.io.PixelFaceGroundTruth;
import org.dfmvr.mesh.ObjIo;
import org.dfmvr.mesh.PlyIo;
import org.dfmvr.mesh.TriangleMesh;

/**
 * Loads the two meshes of one {@link PairRef} through the Hadoop FileSystem API (so {@code hdfs://} works): the
 * prediction with its 7 landmarks taken at {@link MorphableModel#alignmentIds()} of its model, the ground truth with
 * its 7 landmarks from the shard row or its sidecar file. Every problem is a {@link BadEvalInputException} whose
 * message names the file and what was expected; the job turns it into a quarantine row.
 */
public final class PairLoader {
    /**
     * Bosphorus {@code .lm3} labels of the 7 alignment points, in the order of {@link LandmarkedMesh} and of DF-MVR's
     * vertex ids (right-eye outer/inner, left-eye inner/outer, nose tip, right/left mouth corner; reference §1.8).
     */
    static final String[] BOSPHORUS_LABELS = {"Outer right eye corner", "Inner right eye corner",
            "Inner left eye corner", "Outer left eye corner", "Nose tip", "Right mouth corner", "Left mouth corner"};
    /** Per JVM: model spec to {alignment ids, vertex count}; a model is loaded once per executor, not per pair. */
    private static final Map<String, int[][]> MODELS = new ConcurrentHashMap<>();
    /** Per JVM: model spec to its mean face in millimetres. */
    private static final Map<String, TriangleMesh> MEAN_FACES = new ConcurrentHashMap<>();
    /**
     * Prefix of a {@link PairRef#predictedMesh()} that is no file but the mean face of the model spec after it
     * (the {@code --baseline mean-face} set).
     */
    public static final String MEAN_FACE_PREFIX = "mean-face:";
    /** 0-based rows of a Pixel-Face gt.mat's 101 keypoints holding the 7 alignment points (as a shard's landmarks3d). */
    static final int[] LANDMARK101_ROWS_OF_7 = {47, 50, 53, 56, 41, 79, 85};

    private PairLoader() {
    }

    /** The predicted mesh with its landmarks. */
    public static LandmarkedMesh prediction(Configuration conf, PairRef ref) throws IOException {
        int[][] model = model(ref.modelSpec());
        TriangleMesh mesh = ref.predictedMesh().startsWith(MEAN_FACE_PREFIX)
                ? meanFace(ref.predictedMesh().substring(MEAN_FACE_PREFIX.length()))
                : readMesh(conf, ref.predictedMesh());
        if (mesh.vertexCount() != model[1][0]) {
            throw new BadEvalInputException(ref.predictedMesh() + ": has " + mesh.vertexCount() + " vertices but its "
                    + "model '" + ref.modelSpec() + "' has " + model[1][0] + " (predictions must be in the model's "
                    + "topology)");
        }
        try {
            return LandmarkedMesh.fromVertices(mesh, model[0]);
        } catch (IllegalArgumentException e) {
            throw new BadEvalInputException(ref.predictedMesh() + ": the landmark vertices " + Arrays.toString(model[0])
                    + " of model '" + ref.modelSpec() + "': " + e.getMessage());
        }
    }

    /**
     * The ground-truth scan with its landmarks (scan unit). A Pixel-Face {@code gt.mat} is read in mm
     * ({@link PixelFaceGroundTruth}) and divided by {@code scanUnitMm}; its landmarks come from the pair (a shard's
     * {@code landmarks3d}) or from the file's own keypoints.
     */
    public static LandmarkedMesh scan(Configuration conf, PairRef ref, double scanUnitMm) throws IOException {
        String uri = ref.scanMesh();
        if (uri.toLowerCase(java.util.Locale.ROOT).endsWith(".mat")) {
            byte[] bytes = readAll(conf, uri);
            PixelFaceGroundTruth gt;
            try {
                gt = PixelFaceGroundTruth.parse(bytes, uri);
            } catch (IOException e) {
                throw new BadEvalInputException(e.getMessage());
            }
            float[] mm = gt.scan().positions();
            float[] scaled = new float[mm.length];
            for (int i = 0; i < mm.length; i++) {
                scaled[i] = (float) (mm[i] / scanUnitMm);
            }
            double[] landmarks = ref.scanLandmarks();
            if (landmarks == null) {
                landmarks = new double[3 * LandmarkedMesh.LANDMARK_COUNT];
                for (int k = 0; k < LandmarkedMesh.LANDMARK_COUNT; k++) {
                    for (int d = 0; d < 3; d++) {
                        landmarks[3 * k + d] = gt.landmarks101()[3 * LANDMARK101_ROWS_OF_7[k] + d] / scanUnitMm;
                    }
                }
            }
            return landmarked(new TriangleMesh(scaled, gt.scan().triangles(), null), landmarks, uri);
        }
        if (uri.endsWith(".bnt")) {
            byte[] bytes = readAll(conf, uri);
            TriangleMesh mesh;
            try {
                mesh = BntScan.parse(bytes, uri).toMesh();
            } catch (MalformedFileException e) {
                throw new BadEvalInputException(e.getMessage());
            }
            double[] landmarks = ref.scanLandmarks() != null ? ref.scanLandmarks()
                    : bosphorusLandmarks(conf, uri.substring(0, uri.length() - 4) + ".lm3");
            return landmarked(mesh, landmarks, uri);
        }
        TriangleMesh mesh = readMesh(conf, uri);
        double[] landmarks = ref.scanLandmarks() != null ? ref.scanLandmarks()
                : lm7(conf, uri.substring(0, uri.lastIndexOf('.')) + ".lm7");
        return landmarked(mesh, landmarks, uri);
    }

    private static LandmarkedMesh landmarked(TriangleMesh mesh, double[] landmarks, String uri) {
        try {
            return new LandmarkedMesh(mesh, landmarks);
        } catch (IllegalArgumentException e) {
            throw new BadEvalInputException(uri + ": " + e.getMessage());
        }
    }

    /** The mean face of a model, in millimetres (the unit infer writes its meshes in). */
    private static TriangleMesh meanFace(String spec) {
        return MEAN_FACES.computeIfAbsent(spec, s -> {
            try {
                MorphableModel m = FaceModels.load(s);
                TriangleMesh mean = m.meanInstance();
                float[] mm = mean.positions().clone();
                double scale = m.unit().millimetresPerUnit();
                for (int k = 0; k < mm.length; k++) {
                    mm[k] *= (float) scale;
                }
                return new TriangleMesh(mm, mean.triangles(), null);
            } catch (IOException | IllegalArgumentException e) {
                throw new BadEvalInputException("face model '" + s + "' of the mean-face baseline cannot be loaded: "
                        + e.getMessage());
            }
        });
    }

    private static int[][] model(String spec) {
        return MODELS.computeIfAbsent(spec, s -> {
            try {
                MorphableModel m = FaceModels.load(s);
                return new int[][] {m.alignmentIds(), {m.vertexCount()}};
            } catch (IOException | IllegalArgumentException e) {
                throw new BadEvalInputException("face model '" + s + "' (from predictions.json) cannot be loaded: "
                        + e.getMessage());
            }
        });
    }

    /** {@code .lm7}: exactly 7 lines {@code x y z} (blank lines and {@code #} comments ignored), scan unit. */
    static double[] lm7(Configuration conf, String uri) throws IOException {
        String[] lines = new String(readAll(conf, uri), StandardCharsets.UTF_8).split("\\R");
        double[] out = new double[3 * LandmarkedMesh.LANDMARK_COUNT];
        int k = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (k == LandmarkedMesh.LANDMARK_COUNT || parts.length != 3) {
                throw new BadEvalInputException(uri + " line " + (i + 1) + ": expected 7 lines of 'x y z', got '"
                        + l + "'" + (k == LandmarkedMesh.LANDMARK_COUNT ? " after 7 points" : ""));
            }
            for (int d = 0; d < 3; d++) {
                try {
                    out[3 * k + d] = Double.parseDouble(parts[d]);
                } catch (NumberFormatException e) {
                    throw new BadEvalInputException(uri + " line " + (i + 1) + ": not a number: '" + parts[d] + "'");
                }
            }
            k++;
        }
        if (k != LandmarkedMesh.LANDMARK_COUNT) {
            throw new BadEvalInputException(uri + ": expected 7 points, got " + k);
        }
        return out;
    }

    private static double[] bosphorusLandmarks(Configuration conf, String uri) throws IOException {
        Map<String, double[]> marks;
        try {
            marks = LandmarkFile.parse(readAll(conf, uri), uri, 3);
        } catch (MalformedFileException e) {
            throw new BadEvalInputException(e.getMessage());
        }
        double[] out = new double[3 * LandmarkedMesh.LANDMARK_COUNT];
        for (int k = 0; k < BOSPHORUS_LABELS.length; k++) {
            double[] p = marks.get(BOSPHORUS_LABELS[k]);
            if (p == null) {
                throw new BadEvalInputException(uri + ": landmark '" + BOSPHORUS_LABELS[k] + "' is missing (needed "
                        + "for the 7-point alignment)");
            }
            System.arraycopy(p, 0, out, 3 * k, 3);
        }
        return out;
    }

    /** OBJ or PLY by extension; copied to a local temporary file for the readers, which take local paths. */
    static TriangleMesh readMesh(Configuration conf, String uri) throws IOException {
        String lower = uri.toLowerCase(java.util.Locale.ROOT);
        boolean obj = lower.endsWith(".obj");
        if (!obj && !lower.endsWith(".ply")) {
            throw new BadEvalInputException(uri + ": expected an .obj or .ply mesh");
        }
        java.nio.file.Path local = Files.createTempFile("dfmvr-eval-", obj ? ".obj" : ".ply");
        try {
            Files.write(local, readAll(conf, uri));
            TriangleMesh mesh = obj ? ObjIo.read(local) : PlyIo.read(local);
            float[] p = mesh.positions();
            for (int i = 0; i < p.length; i++) {
                if (!Float.isFinite(p[i])) {
                    throw new BadEvalInputException(uri + ": vertex " + (i / 3 + 1) + " (1-based) has a non-finite "
                            + "coordinate " + p[i]);
                }
            }
            return mesh;
        } catch (IOException | IllegalArgumentException e) {
            throw new BadEvalInputException(uri + ": unreadable mesh: "
                    + String.valueOf(e.getMessage()).replace(local.toString() + ": ", "").replace(local.toString(), uri));
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static byte[] readAll(Configuration conf, String uri) throws IOException {
        Path p = new Path(uri);
        org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new BadEvalInputException(uri + ": file does not exist");
        }
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }
}
