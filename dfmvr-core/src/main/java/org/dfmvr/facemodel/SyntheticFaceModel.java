package org.dfmvr.facemodel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dfmvr.mesh.MeshNormals;

/**
 * The built-in morphable model ({@code synthface}): a human-like face generated in code, deterministic for its
 * {@link Settings}, needing no files. docs/facemodel.md explains the construction; in short:
 * <ol>
 *   <li>a grid of {@code gridResolution}² vertices on the front of an ellipsoidal head (half-axes 75 x 110 x 95 mm,
 *       yaw ±77°, pitch -57°..+66°), narrowed towards the jaw;</li>
 *   <li>anatomical relief added along +z as Gaussian terms at fixed positions in mm: eye sockets and eyeballs, brow
 *       ridge and glabella, nasal bridge growing into the nose tip with alae, cheekbones and cheeks, the mouth
 *       muzzle with upper and lower lip and the mouth line, chin and the sulcus above it, temples;</li>
 *   <li>the 68 iBUG landmarks = the vertices nearest (in the frontal x-y projection, which is one-to-one on this
 *       grid) to fixed anatomical targets in mm; part labels from them by {@link PartLabeler}; the 101 3D landmarks
 *       the same way, in the row order of DF-MVR's Pixel-Face points (the 106-point markup without contour rows
 *       3, 15, 17, 25, 27), so that {@code synth} writes {@code landmarks3d} and the 3D-landmark loss applies;</li>
 *   <li>identity, expression and albedo bases from {@link SmoothFieldBasis} seeded by {@code seed}: identity starts
 *       with width, height and depth scaling, then bumps along the surface normal anywhere on the face (peak {@value #ID_PEAK_MM} mm);
 *       expression bumps centred on eye, brow, mouth and jaw landmarks (peak {@value #EXP_PEAK_MM} mm); albedo starts with a uniform
 *       brightness change and redness, then smooth colour patches (peak {@value #TEX_PEAK}).</li>
 *   <li>texture coordinates from the grid itself (u = yaw, v = pitch scaled to [0,1]), so textures can be baked.</li>
 * </ol>
 * The mean shape and its landmarks do not depend on the seed; the bases do. Unit: mm, centred on the centroid of
 * the front-face region.
 */
public final class SyntheticFaceModel implements FaceModelSource {
    /** The spec name used by {@link FaceModels}. */
    public static final String NAME = "synthface";

    static final double HEAD_HALF_WIDTH_MM = 75;
    static final double HEAD_HALF_HEIGHT_MM = 110;
    static final double HEAD_HALF_DEPTH_MM = 95;
    static final double YAW_MAX = 1.35;
    static final double PITCH_MIN = -1.0;
    static final double PITCH_MAX = 1.15;
    /** Largest displacement of identity column 0, mm; column k has {@code ID_PEAK_MM / (1 + k/5)}. */
    static final double ID_PEAK_MM = 4;
    /** Largest displacement of expression column 0, mm; column k has {@code EXP_PEAK_MM / (1 + k/8)}. */
    static final double EXP_PEAK_MM = 3;
    /** Largest albedo change of texture column 0 (linear RGB); column k has {@code TEX_PEAK / (1 + k/5)}. */
    static final double TEX_PEAK = 0.04;

    /**
     * Settings of the synthetic model.
     *
     * @param seed           seed of the bases (mean shape and landmarks do not depend on it)
     * @param gridResolution vertices per grid side, odd, 25..401 (odd: the midline x = 0 is a vertex column, so
     *                       midline landmarks are symmetric); V = gridResolution², T = 2(gridResolution-1)²
     * @param idRank         identity rank, &gt;= 1
     * @param expRank        expression rank, &gt;= 0
     * @param texRank        texture rank, &gt;= 0
     */
    public record Settings(long seed, int gridResolution, int idRank, int expRank, int texRank) {
        /** The default grid: 97² = 9409 vertices, 18432 triangles. */
        public static final int DEFAULT_GRID = 97;

        public Settings {
            if (gridResolution < 25 || gridResolution > 401 || gridResolution % 2 == 0) {
                throw new IllegalArgumentException("synthface gridResolution must be odd and in [25,401] (odd puts a "
                        + "vertex column on the symmetry plane x = 0), got " + gridResolution);
            }
            if (idRank < 1 || expRank < 0 || texRank < 0) {
                throw new IllegalArgumentException("synthface ranks must be id >= 1, exp >= 0, tex >= 0, got "
                        + idRank + "/" + expRank + "/" + texRank);
            }
            int max = 3 * gridResolution * gridResolution / 8;
            if (Math.max(idRank, Math.max(expRank, texRank)) > max) {
                throw new IllegalArgumentException("synthface ranks must be <= " + max + " for grid " + gridResolution
                        + ", got " + idRank + "/" + expRank + "/" + texRank);
            }
        }

        /** Deep3DFace's ranks (80/64/80) on the default grid. */
        public static Settings defaults(long seed) {
            return new Settings(seed, DEFAULT_GRID, 80, 64, 80);
        }
    }

    private final Settings settings;

    public SyntheticFaceModel(Settings settings) {
        this.settings = settings;
    }

    @Override
    public MorphableModel load() {
        return build(settings);
    }

    /** Builds the model for {@code s}. */
    public static MorphableModel build(Settings s) {
        int n = s.gridResolution();
        float[] shape = meanShape(n);
        int[] triangles = gridTriangles(n);
        int[] landmarks = nearestVertices(shape, LANDMARK_TARGETS_MM);
        int[] landmarks101 = nearestVertices(shape, LANDMARK101_TARGETS_MM);
        float[] normals = new float[shape.length];
        MeshNormals.vertexNormals(shape, triangles, normals);
        byte[] labels = PartLabeler.label(shape, normals, gather(shape, landmarks));
        boolean[] front = new boolean[labels.length];
        boolean[] skin = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            front[i] = labels[i] != FacePart.BACKGROUND.label();
            skin[i] = labels[i] == FacePart.SKIN.label();
        }
        centreOn(shape, front);
        int[] faceVertices = indicesOf(front);
        int[] expressionCentres = expressionCentres(landmarks);

        SplittableRandom rnd = new SplittableRandom(s.seed());
        float[] idBasis = SmoothFieldBasis.build(shape, faceVertices, scalingFields(shape), s.idRank(),
                new double[] {12, 40}, 3, (r, c) -> alongNormal(r, normals, c, 0.3), rnd.split(), ID_PEAK_MM, 5);
        float[] expBasis = SmoothFieldBasis.build(shape, expressionCentres, List.of(), s.expRank(),
                new double[] {6, 18}, 2, (r, c) -> new double[] {r.nextGaussian(), 1.5 * r.nextGaussian(),
                    r.nextGaussian()}, rnd.split(), EXP_PEAK_MM, 8);
        float[] albedo = meanAlbedo(labels, n);
        float[] texBasis = albedoBasis(shape, faceVertices, s.texRank(), rnd.split());
        return MorphableModel.builder()
                .id(NAME + ":seed=" + s.seed() + ":grid=" + n + ":" + s.idRank() + "/" + s.expRank() + "/"
                        + s.texRank())
                .unit(LengthUnit.MM).meanShape(shape).identityBasis(idBasis, s.idRank())
                .expressionBasis(expBasis, s.expRank()).meanAlbedo(albedo).textureBasis(texBasis, s.texRank())
                .triangles(triangles).landmarks68(landmarks).landmarks101(landmarks101).partLabels(labels)
                .frontMask(front).skinMask(skin)
                .uvs(gridUvs(n)).build();
    }

    /**
     * A smooth albedo basis on {@code positionsMm} [V,3]: uniform brightness, uniform redness, then colour patches
     * (width 15-50 mm) centred on {@code centres}; peak {@value #TEX_PEAK} in linear RGB. Shared with the ICT importer, whose
     * model has no albedo modes of its own.
     */
    static float[] albedoBasis(float[] positionsMm, int[] centres, int rank, SplittableRandom rnd) {
        int n = positionsMm.length;
        double[] brightness = new double[n];
        double[] redness = new double[n];
        for (int i = 0; i < n; i += 3) {
            brightness[i] = brightness[i + 1] = brightness[i + 2] = 1;
            redness[i] = 1;
            redness[i + 1] = -0.5;
            redness[i + 2] = -0.5;
        }
        return SmoothFieldBasis.build(positionsMm, centres, List.of(brightness, redness), rank,
                new double[] {15, 50}, 2, (r, c) -> {
                    double l = r.nextGaussian();
                    return new double[] {l + 0.25 * r.nextGaussian(), l + 0.25 * r.nextGaussian(),
                        l + 0.25 * r.nextGaussian()};
                }, rnd, TEX_PEAK, 5);
    }

    // ---- geometry -----------------------------------------------------------------------------------------------

    /** Grid vertex (col i, row j), row 0 at the top: id j·n + i. */
    static float[] meanShape(int n) {
        float[] p = new float[3 * n * n];
        for (int j = 0; j < n; j++) {
            double pitch = PITCH_MAX - (PITCH_MAX - PITCH_MIN) * j / (n - 1);
            for (int i = 0; i < n; i++) {
                double yaw = -YAW_MAX + 2 * YAW_MAX * i / (n - 1);
                double y = HEAD_HALF_HEIGHT_MM * Math.sin(pitch);
                double x = HEAD_HALF_WIDTH_MM * Math.sin(yaw) * Math.cos(pitch) * jawTaper(y);
                double z = HEAD_HALF_DEPTH_MM * Math.cos(yaw) * Math.cos(pitch) + relief(x, y);
                int v = 3 * (j * n + i);
                p[v] = (float) x;
                p[v + 1] = (float) y;
                p[v + 2] = (float) z;
            }
        }
        return p;
    }

    /** Narrows the lower face: 1 above y = -10 mm, 0.78 at the chin (y = -95 mm). */
    private static double jawTaper(double y) {
        double t = Math.max(0, Math.min(1, (-y - 10) / 85));
        return 1 - 0.22 * t * t;
    }

    /** Depth relief of the face, mm along +z, at frontal position (x, y) mm. */
    static double relief(double x, double y) {
        double ax = Math.abs(x);
        double r = 0;
        r += bump(ax, y, 32, 28, 14, 10, -9);     // eye sockets
        r += bump(ax, y, 32, 28, 9, 5, 4);        // eyeballs and lids
        r += bump(ax, y, 30, 42, 20, 6, 5);       // brow ridge
        r += bump(x, y, 0, 38, 10, 8, 3);         // glabella
        r += nose(x, y);
        r += bump(x, y, 0, -8, 8, 6, 4);          // nose tip
        r += bump(ax, y, 15, -18, 6, 5, 6);       // alae
        r += bump(ax, y, 48, 8, 14, 12, 5);       // cheekbones
        r += bump(ax, y, 40, -25, 16, 16, 3);     // cheeks
        r += bump(x, y, 0, -45, 28, 14, 8);       // mouth muzzle
        r += bump(x, y, 0, -41, 16, 4, 5);        // upper lip
        r += bump(x, y, 0, -51, 14, 4.5, 5.5);    // lower lip
        r += bump(x, y, 0, -45.5, 20, 1.2, -3);   // mouth line
        r += bump(x, y, 0, -62, 14, 4, -2);       // mentolabial sulcus
        r += bump(x, y, 0, -75, 16, 10, 7);       // chin
        r += bump(ax, y, 62, 40, 10, 14, -4);     // temples
        return r;
    }

    /** Nasal ridge: 5 mm high and 5 mm wide at the bridge (y = 30) growing to 22 mm and 10 mm at the tip (y = -8). */
    private static double nose(double x, double y) {
        double t = Math.max(0, Math.min(1, (30 - y) / 38));
        double height = 5 + 17 * Math.pow(t, 1.5);
        double width = 5 + 5 * t;
        double window = y < -8 ? Math.exp(-sq((y + 8) / 6)) : y > 30 ? Math.exp(-sq((y - 30) / 8)) : 1;
        return height * window * Math.exp(-x * x / (2 * width * width));
    }

    private static double bump(double x, double y, double cx, double cy, double sx, double sy, double amp) {
        return amp * Math.exp(-(sq(x - cx) / (2 * sx * sx) + sq(y - cy) / (2 * sy * sy)));
    }

    private static double sq(double v) {
        return v * v;
    }

    /**
     * The grid's own parameterisation as texture coordinates: u = yaw, v = pitch, each scaled to [0,1] (a
     * latitude-longitude unwrap of the ellipsoid). The grid is one patch without a seam, so every triangle maps to a
     * non-overlapping, consistently oriented triangle of the texture; u runs with +x (the image's right in a frontal
     * view), v with +y (up).
     */
    static float[] gridUvs(int n) {
        float[] uv = new float[2 * n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                uv[2 * (j * n + i)] = (float) i / (n - 1);
                uv[2 * (j * n + i) + 1] = (float) (n - 1 - j) / (n - 1);
            }
        }
        return uv;
    }

    /** Two counter-clockwise (seen from +z) triangles per grid cell. */
    static int[] gridTriangles(int n) {
        int[] t = new int[6 * (n - 1) * (n - 1)];
        int k = 0;
        for (int j = 0; j < n - 1; j++) {
            for (int i = 0; i < n - 1; i++) {
                int topLeft = j * n + i, bottomLeft = topLeft + n, bottomRight = bottomLeft + 1, topRight = topLeft + 1;
                t[k++] = topLeft;
                t[k++] = bottomLeft;
                t[k++] = bottomRight;
                t[k++] = topLeft;
                t[k++] = bottomRight;
                t[k++] = topRight;
            }
        }
        return t;
    }

    /**
     * Frontal (x, y) targets in mm of the 68 iBUG landmarks on the mean face, before centring: jaw 0-16 on a half
     * ellipse from the right ear (-x) under the chin to the left ear, brows 17-26, nose bridge 27-30 down to the tip,
     * nostrils 31-35, eyes 36-47 (outer corner first, clockwise in the image), outer lips 48-59, inner lips 60-67.
     */
    static final double[][] LANDMARK_TARGETS_MM = landmarkTargets();

    private static double[][] landmarkTargets() {
        double[][] t = new double[MorphableModel.LANDMARK_COUNT][];
        for (int i = 0; i <= 16; i++) {
            double a = Math.PI + Math.PI * i / 16;
            t[i] = new double[] {64 * Math.cos(a), 22 + 108 * Math.sin(a)};
        }
        double[][] rightBrow = {{-55, 38}, {-46, 43}, {-36, 45}, {-26, 44}, {-16, 41}};
        for (int i = 0; i < 5; i++) {
            t[17 + i] = rightBrow[i];
            t[26 - i] = new double[] {-rightBrow[i][0], rightBrow[i][1]};
        }
        double[][] rest = {
            {0, 28}, {0, 16}, {0, 4}, {0, -8},                                   // 27-30 bridge to tip
            {-15, -20}, {-8, -22}, {0, -23}, {8, -22}, {15, -20},                // 31-35 nostrils
            {-45, 27}, {-37, 31}, {-27, 31}, {-19, 27}, {-27, 24}, {-37, 24},    // 36-41 right eye
            {19, 27}, {27, 31}, {37, 31}, {45, 27}, {37, 24}, {27, 24},          // 42-47 left eye
            {-25, -45}, {-16, -40}, {-6, -37}, {0, -38}, {6, -37}, {16, -40},    // 48-53 upper outer lip
            {25, -45}, {16, -52}, {6, -55}, {0, -56}, {-6, -55}, {-16, -52},     // 54-59 lower outer lip
            {-21, -45}, {-8, -44}, {0, -44}, {8, -44},                           // 60-63 upper inner lip
            {21, -45}, {8, -46}, {0, -46}, {-8, -46}};                           // 64-67 lower inner lip
        System.arraycopy(rest, 0, t, 27, rest.length);
        return t;
    }

    /** Rows of the 106-point markup that DF-MVR drops to get its 101 3D landmarks (reference §8, ignore_index_5). */
    private static final int[] DROPPED_106_ROWS = {3, 15, 17, 25, 27};

    /**
     * Frontal (x, y) targets in mm of the 101 3D landmarks, in the row order of DF-MVR's Pixel-Face points: the
     * 106-point markup (contour 0-32, upper brows 33-42, nose bridge 43-46, nose bottom 47-51, eyes 52-63 outer or
     * inner corner first, lower brows 64-71, eye mid-lids and centres 72-77, nose wings 78-83, outer lips 84-95,
     * inner lips 96-103, pupils 104-105) without rows {@link #DROPPED_106_ROWS}. Points shared with the 68 markup
     * reuse its targets, so the 7 alignment points are the same vertices in both sets and sit at the rows eval reads
     * (47, 50, 53, 56, 41, 79, 85).
     */
    static final double[][] LANDMARK101_TARGETS_MM = landmark101Targets();

    private static double[][] landmark101Targets() {
        double[][] l68 = LANDMARK_TARGETS_MM;
        List<double[]> t = new ArrayList<>();
        for (int i = 0; i <= 32; i++) {
            double a = Math.PI + Math.PI * i / 32;
            t.add(new double[] {64 * Math.cos(a), 22 + 108 * Math.sin(a)});
        }
        for (int i = 17; i <= 26; i++) {
            t.add(new double[] {l68[i][0], l68[i][1] + 2});
        }
        for (int i = 27; i <= 47; i++) {
            t.add(l68[i]); // bridge 27-30, nose bottom 31-35, right eye 36-41, left eye 42-47
        }
        for (int side = -1; side <= 1; side += 2) {
            for (int k = 0; k < 4; k++) {
                t.add(new double[] {side * (52 - 11 * k), 36 - (k == 0 ? 1 : 0)});
            }
        }
        for (int side = -1; side <= 1; side += 2) {
            t.add(new double[] {side * 32, 32});
            t.add(new double[] {side * 32, 23});
            t.add(new double[] {side * 32, 27.5});
        }
        double[][] noseWings = {{-10, 0}, {10, 0}, {-14, -12}, {14, -12}, {-11, -18}, {11, -18}};
        t.addAll(List.of(noseWings));
        for (int i = 48; i <= 67; i++) {
            t.add(l68[i]);
        }
        t.add(new double[] {-32, 27.5});
        t.add(new double[] {32, 27.5});
        for (int k = DROPPED_106_ROWS.length - 1; k >= 0; k--) {
            t.remove(DROPPED_106_ROWS[k]);
        }
        return t.toArray(double[][]::new);
    }

    /** For each (x, y) target the vertex nearest to it in the frontal projection. */
    static int[] nearestVertices(float[] shape, double[][] targets) {
        int[] ids = new int[targets.length];
        for (int k = 0; k < targets.length; k++) {
            double best = Double.MAX_VALUE;
            for (int v = 0; v < shape.length / 3; v++) {
                double d = sq(shape[3 * v] - targets[k][0]) + sq(shape[3 * v + 1] - targets[k][1]);
                if (d < best) {
                    best = d;
                    ids[k] = v;
                }
            }
        }
        return ids;
    }

    /** Expression bumps centre on landmarks of the brows, eyes, nose wings, mouth and the lower jaw line. */
    private static int[] expressionCentres(int[] landmarks) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 4; i <= 12; i++) {
            ids.add(landmarks[i]);
        }
        for (int i = 17; i < MorphableModel.LANDMARK_COUNT; i++) {
            if (i < 27 || i == 31 || i == 35 || i >= 36) {
                ids.add(landmarks[i]);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] alongNormal(SplittableRandom r, float[] normals, int c, double tangential) {
        double a = r.nextGaussian();
        return new double[] {
            a * normals[3 * c] + tangential * r.nextGaussian(),
            a * normals[3 * c + 1] + tangential * r.nextGaussian(),
            a * normals[3 * c + 2] + tangential * r.nextGaussian()};
    }

    /** Width, height and depth scaling of the mean shape: the first three identity directions. */
    private static List<double[]> scalingFields(float[] shape) {
        List<double[]> fields = new ArrayList<>();
        for (int axis = 0; axis < 3; axis++) {
            double[] f = new double[shape.length];
            for (int i = axis; i < shape.length; i += 3) {
                f[i] = shape[i];
            }
            fields.add(f);
        }
        return fields;
    }

    // ---- albedo and masks ----------------------------------------------------------------------------------------

    /** Linear-RGB colour per part, then one 3x3 grid box blur to soften the borders. */
    private static float[] meanAlbedo(byte[] labels, int n) {
        float[] raw = partColours(labels);
        float[] out = new float[raw.length];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    int count = 0;
                    for (int dj = -1; dj <= 1; dj++) {
                        for (int di = -1; di <= 1; di++) {
                            int jj = j + dj, ii = i + di;
                            if (jj >= 0 && jj < n && ii >= 0 && ii < n) {
                                s += raw[3 * (jj * n + ii) + c];
                                count++;
                            }
                        }
                    }
                    out[3 * (j * n + i) + c] = (float) (s / count);
                }
            }
        }
        return out;
    }

    /** A plain linear-RGB colour per face part [V,3]: skin tone, dark brows, greyish eyes, red lips. */
    static float[] partColours(byte[] labels) {
        float[][] colour = new float[FacePart.COUNT][];
        colour[FacePart.BACKGROUND.label()] = new float[] {0.58f, 0.40f, 0.32f};
        colour[FacePart.SKIN.label()] = new float[] {0.62f, 0.43f, 0.34f};
        colour[FacePart.L_BROW.label()] = colour[FacePart.R_BROW.label()] = new float[] {0.18f, 0.12f, 0.09f};
        colour[FacePart.L_EYE.label()] = colour[FacePart.R_EYE.label()] = new float[] {0.45f, 0.40f, 0.38f};
        colour[FacePart.NOSE.label()] = new float[] {0.64f, 0.43f, 0.34f};
        colour[FacePart.MOUTH.label()] = new float[] {0.25f, 0.08f, 0.08f};
        colour[FacePart.U_LIP.label()] = colour[FacePart.L_LIP.label()] = new float[] {0.58f, 0.28f, 0.26f};
        float[] out = new float[3 * labels.length];
        for (int v = 0; v < labels.length; v++) {
            System.arraycopy(colour[labels[v]], 0, out, 3 * v, 3);
        }
        return out;
    }

    /** Subtracts the centroid of the masked vertices from every vertex. */
    static void centreOn(float[] shape, boolean[] mask) {
        double[] c = new double[3];
        int count = 0;
        for (int v = 0; v < mask.length; v++) {
            if (mask[v]) {
                for (int a = 0; a < 3; a++) {
                    c[a] += shape[3 * v + a];
                }
                count++;
            }
        }
        for (int i = 0; i < shape.length; i++) {
            shape[i] -= (float) (c[i % 3] / count);
        }
    }

    static int[] indicesOf(boolean[] mask) {
        int count = 0;
        for (boolean b : mask) {
            count += b ? 1 : 0;
        }
        int[] ids = new int[count];
        for (int v = 0, k = 0; v < mask.length; v++) {
            if (mask[v]) {
                ids[k++] = v;
            }
        }
        return ids;
    }

    static float[] gather(float[] shape, int[] ids) {
        float[] out = new float[3 * ids.length];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(shape, 3 * ids[i], out, 3 * i, 3);
        }
        return out;
    }
}
