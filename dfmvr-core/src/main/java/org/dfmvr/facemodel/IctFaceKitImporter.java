package org.dfmvr.facemodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dfmvr.mesh.MeshNormals;

/**
 * Imports the ICT Face Model Light (github.com/ICT-VGL/ICT-FaceKit, folder FaceXModel, MIT licence) as a
 * {@link MorphableModel}.
 *
 * <p>What it reads, per the ICT README: {@code generic_neutral_mesh.obj} (26719 vertices, mostly quads, cm,
 * face towards +z), every {@code identityNNN.obj} present (identity mode k = identityK - neutral, weights N(0,1)),
 * the expression blendshapes named in {@code vertex_indices.json} "expressions" that are present (in that order;
 * expression mode = blendshape - neutral), and the 68 Multi-PIE landmark vertex ids
 * ({@code idx_to_landmark_verts}).
 *
 * <p>What it builds: the mesh cropped to the face area (vertices 0..9408 and polygons 0..9229, or the narrow area
 * 0..6705 / 0..6559; the ICT topology numbers the face first, so no re-indexing is needed), quads split into two counter-clockwise
 * triangles, unit {@link LengthUnit#CM}, centred on the centroid of the front-face region. ICT has no albedo modes
 * (README: "#PCA Identity albedo modes: 0" in the light model), so the texture basis is the synthetic smooth albedo
 * basis of {@link SyntheticFaceModel#albedoBasis} evaluated on the ICT vertices (seeded by
 * {@link Settings#textureSeed}) and the mean albedo is a plain colour per face part. Part labels come from the
 * landmarks ({@link PartLabeler}). Texture coordinates are the OBJ's {@code vt}, one per vertex; the 101 3D-landmark
 * ids are derived from the 68 ({@link Landmarks101}).
 *
 * <p>Orthogonality: ICT's identity modes are PCA modes of the whole head; restricted to the face area they are
 * not exactly orthogonal, and the expression blendshapes are not orthogonal at all (they are artist-made, and
 * overlap, e.g. left and right variants). Neither basis is re-orthogonalised, so coefficients keep ICT's meaning.
 * docs/facemodel.md records the measured cosines.
 */
public final class IctFaceKitImporter implements FaceModelSource {
    /** The spec prefix used by {@link FaceModels}. */
    public static final String NAME = "ict";
    static final String NEUTRAL = "generic_neutral_mesh.obj";
    static final String INDICES = "vertex_indices.json";
    private static final Pattern IDENTITY = Pattern.compile("identity(\\d{3})\\.obj");

    /** The two face areas of the ICT README ("Face Area Details"). */
    public enum FaceArea {
        /** Vertices 0..9408, polygons 0..9229. */
        FULL(9409, 9230),
        /** Vertices 0..6705, polygons 0..6559. */
        NARROW(6706, 6560);

        private final int vertexCount;
        private final int polygonCount;

        FaceArea(int vertexCount, int polygonCount) {
            this.vertexCount = vertexCount;
            this.polygonCount = polygonCount;
        }

        public int vertexCount() {
            return vertexCount;
        }

        /** The area's polygons are the OBJ faces 0 .. polygonCount-1. */
        public int polygonCount() {
            return polygonCount;
        }
    }

    /**
     * @param area        which face area to keep
     * @param textureSeed seed of the synthetic albedo basis
     * @param texRank     rank of the synthetic albedo basis, &gt;= 0
     */
    public record Settings(FaceArea area, long textureSeed, int texRank) {
        public Settings {
            if (area == null) {
                throw new IllegalArgumentException("ICT face area must be FULL or NARROW, got null");
            }
            if (texRank < 0 || texRank > 200) {
                throw new IllegalArgumentException("ICT texRank must be in [0,200], got " + texRank);
            }
        }

        /** Full face area, albedo seed 0, texture rank 80 (Deep3DFace's). */
        public static Settings defaults() {
            return new Settings(FaceArea.FULL, 0, 80);
        }
    }

    private final Path folder;
    private final Settings settings;

    public IctFaceKitImporter(Path folder, Settings settings) {
        this.folder = folder;
        this.settings = settings;
    }

    @Override
    public MorphableModel load() throws IOException {
        return assemble(pieces(), settings.textureSeed(), settings.texRank());
    }

    /** The model's pieces as read from the folder, before the derived parts ({@link #assemble}). */
    Pieces pieces() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("ICT-FaceKit folder " + folder + " does not exist (expected the FaceXModel folder "
                    + "holding " + NEUTRAL + ", identityNNN.obj and " + INDICES + ")");
        }
        Path neutralFile = require(folder.resolve(NEUTRAL));
        JsonNode indices = new ObjectMapper().readTree(require(folder.resolve(INDICES)).toFile());
        int v = settings.area().vertexCount();

        IctBlendshapeObj neutral = IctBlendshapeObj.read(neutralFile, true);
        if (neutral.positions.length / 3 < v) {
            throw new IOException(neutralFile + ": expected at least " + v + " vertices, got "
                    + neutral.positions.length / 3);
        }
        float[] mean = java.util.Arrays.copyOf(neutral.positions, 3 * v);
        int[] triangles = cropTriangles(neutral, settings.area(), neutralFile);
        int[] landmarks = landmarks(indices, v);

        List<Path> identityFiles = identityFiles();
        if (identityFiles.isEmpty()) {
            throw new IOException(folder + ": no identityNNN.obj files, an ICT model needs at least one identity mode");
        }
        float[] idBasis = differenceBasis(identityFiles, neutral.positions, v);
        List<Path> expressionFiles = expressionFiles(indices);
        float[] expBasis = differenceBasis(expressionFiles, neutral.positions, v);
        int[] landmarks101 = Landmarks101.derive(mean, triangles, landmarks);
        String id = NAME + ":" + folder.getFileName() + ":area=" + settings.area().name().toLowerCase()
                + ":id=" + identityFiles.size() + ":exp=" + expressionFiles.size()
                + ":texseed=" + settings.textureSeed();
        return new Pieces(id, mean, triangles, landmarks, landmarks101, idBasis, identityFiles.size(),
                expBasis, expressionFiles.size(), areaUvs(neutral, v));
    }

    /**
     * What an ICT model is made of before the derived parts: the face area's neutral shape (cm, as in the OBJ, not
     * centred), its triangles, landmark ids, identity and expression difference bases ([3V,K] row-major, cm) and
     * per-vertex texture coordinates (or null).
     */
    record Pieces(String id, float[] meanCm, int[] triangles, int[] landmarks68, int[] landmarks101, float[] idBasis,
                  int idRank, float[] expBasis, int expRank, float[] uvs) {
    }

    /**
     * The model of {@code p}: part labels from the landmarks, the mean centred on the front region, the synthetic
     * albedo basis (seeded) and part colours; unit cm. Shared by this importer and the shipped {@link IctFace}.
     */
    static MorphableModel assemble(Pieces p, long textureSeed, int texRank) {
        float[] mean = p.meanCm().clone();
        int v = mean.length / 3;
        float[] normals = new float[mean.length];
        MeshNormals.vertexNormals(mean, p.triangles(), normals);
        byte[] labels = PartLabeler.label(mean, normals, SyntheticFaceModel.gather(mean, p.landmarks68()));
        boolean[] front = new boolean[v];
        boolean[] skin = new boolean[v];
        for (int i = 0; i < v; i++) {
            front[i] = labels[i] != FacePart.BACKGROUND.label();
            skin[i] = labels[i] == FacePart.SKIN.label();
        }
        SyntheticFaceModel.centreOn(mean, front);
        float[] meanMm = mean.clone();
        float toMm = (float) LengthUnit.CM.millimetresPerUnit();
        for (int i = 0; i < meanMm.length; i++) {
            meanMm[i] *= toMm;
        }
        float[] texBasis = SyntheticFaceModel.albedoBasis(meanMm, SyntheticFaceModel.indicesOf(front),
                texRank, new SplittableRandom(textureSeed));
        return MorphableModel.builder()
                .id(p.id())
                .unit(LengthUnit.CM).meanShape(mean).identityBasis(p.idBasis(), p.idRank())
                .expressionBasis(p.expBasis(), p.expRank())
                .meanAlbedo(SyntheticFaceModel.partColours(labels)).textureBasis(texBasis, texRank)
                .triangles(p.triangles()).landmarks68(p.landmarks68()).landmarks101(p.landmarks101())
                .partLabels(labels).frontMask(front).skinMask(skin).uvs(p.uvs())
                .build();
    }

    /**
     * The OBJ's texture coordinates of the first {@code v} vertices, or null when any of them has none or one outside
     * [0,1] (then the model has no UVs rather than wrong ones).
     */
    static float[] areaUvs(IctBlendshapeObj mesh, int v) {
        if (mesh.uvs == null) {
            return null;
        }
        float[] uvs = java.util.Arrays.copyOf(mesh.uvs, 2 * v);
        for (float f : uvs) {
            if (!(f >= 0 && f <= 1)) {
                return null;
            }
        }
        return uvs;
    }

    /** Names of the expression blendshapes found (in the order of the basis columns). */
    public List<String> expressionNames() throws IOException {
        JsonNode indices = new ObjectMapper().readTree(require(folder.resolve(INDICES)).toFile());
        List<String> names = new ArrayList<>();
        for (Path p : expressionFiles(indices)) {
            String f = p.getFileName().toString();
            names.add(f.substring(0, f.length() - 4));
        }
        return names;
    }

    /** The triangles of the area's polygons, checked to use only the area's vertices. */
    static int[] cropTriangles(IctBlendshapeObj mesh, FaceArea area, Path file) throws IOException {
        int count = 0;
        while (count < mesh.sourceFace.length && mesh.sourceFace[count] < area.polygonCount()) {
            count++;
        }
        int[] out = java.util.Arrays.copyOf(mesh.triangles, 3 * count);
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= area.vertexCount()) {
                throw new IOException(file + ": polygon " + mesh.sourceFace[i / 3] + " of the " + area
                        + " face area uses vertex " + out[i] + ", outside [0," + area.vertexCount() + ")");
            }
        }
        return out;
    }

    private int[] landmarks(JsonNode indices, int v) throws IOException {
        JsonNode node = indices.get("idx_to_landmark_verts");
        if (node == null || !node.isArray() || node.size() != MorphableModel.LANDMARK_COUNT) {
            throw new IOException(folder.resolve(INDICES) + ": \"idx_to_landmark_verts\" must be an array of "
                    + MorphableModel.LANDMARK_COUNT + " vertex ids, got "
                    + (node == null ? "no such field" : node.isArray() ? node.size() + " entries" : node.getNodeType()));
        }
        int[] ids = new int[node.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = node.get(i).asInt(-1);
            if (ids[i] < 0 || ids[i] >= v) {
                throw new IOException(folder.resolve(INDICES) + ": landmark " + i + " is vertex " + node.get(i)
                        + ", outside the face area [0," + v + ")");
            }
        }
        return ids;
    }

    private List<Path> identityFiles() throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> IDENTITY.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    private List<Path> expressionFiles(JsonNode indices) throws IOException {
        JsonNode names = indices.get("expressions");
        if (names == null || !names.isArray()) {
            throw new IOException(folder.resolve(INDICES) + ": \"expressions\" must be an array of blendshape names");
        }
        List<Path> files = new ArrayList<>();
        for (JsonNode n : names) {
            Path p = folder.resolve(n.asText() + ".obj");
            if (Files.isRegularFile(p)) {
                files.add(p);
            }
        }
        return files;
    }

    /** Columns (target - neutral) cropped to the first {@code v} vertices, as a [3V, files] row-major basis. */
    private static float[] differenceBasis(List<Path> files, float[] neutral, int v) throws IOException {
        int k = files.size();
        float[] basis = new float[3 * v * k];
        for (int c = 0; c < k; c++) {
            float[] target = IctBlendshapeObj.readPositions(files.get(c));
            if (target.length != neutral.length) {
                throw new IOException(files.get(c) + ": expected " + neutral.length / 3 + " vertices like "
                        + NEUTRAL + ", got " + target.length / 3);
            }
            for (int r = 0; r < 3 * v; r++) {
                basis[r * k + c] = target[r] - neutral[r];
            }
        }
        return basis;
    }

    private static Path require(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("ICT-FaceKit file " + file + " is missing");
        }
        return file;
    }
}
