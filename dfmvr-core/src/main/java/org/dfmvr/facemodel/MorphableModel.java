package org.dfmvr.facemodel;

import java.util.Arrays;
import java.util.Objects;
import org.dfmvr.mesh.TriangleMesh;

/**
 * An immutable linear 3D morphable face model (Blanz &amp; Vetter 1999; the Deep3DFace/DF-MVR layout, reference §1.3
 * and §3): {@code shape = meanShape + idBasis · id + expBasis · exp}, {@code albedo = meanAlbedo + texBasis · tex}.
 *
 * <p>Array conventions, for every model whatever its source:
 * <ul>
 *   <li>per-vertex vectors are [V,3] row-major (x,y,z or r,g,b of vertex 0, then vertex 1, ...), vertex ids 0-based;
 *   <li>a basis is a [3V,K] row-major matrix: element (row r = 3·vertex + axis, column k) is at {@code r·K + k}, so
 *       column k is one [V,3] deformation field (BFM's {@code idBase} layout);
 *   <li>positions are in {@link #unit()}, right-handed, +y up, the face looking towards +z; the mean shape is
 *       centred by its source (Deep3DFace subtracts the mean-shape centroid, reference §1.3);
 *   <li>albedo is linear RGB in [0,1] (BFM's 0..255 divided by 255); {@link #albedo} does not clamp.
 * </ul>
 * Accessors that return arrays return copies; hot paths use the {@code out}-argument overloads.
 */
public final class MorphableModel {
    /** Number of 2D landmarks (Multi-PIE / iBUG 68-point markup). */
    public static final int LANDMARK_COUNT = 68;
    /** Number of 3D landmarks of DF-MVR's {@code pre_index_101} (reference §8). */
    public static final int LANDMARK3D_COUNT = 101;
    /**
     * The 68-point indices of the 7 alignment points, in DF-MVR's order (reference §1.5 and §8): right-eye outer and
     * inner corners, left-eye inner and outer corners, nose tip, right and left mouth corners.
     */
    public static final int[] ALIGNMENT_LANDMARKS = {36, 39, 42, 45, 30, 48, 54};

    private final String id;
    private final LengthUnit unit;
    private final float[] meanShape;
    private final float[] idBasis;
    private final float[] expBasis;
    private final float[] meanAlbedo;
    private final float[] texBasis;
    private final int idRank;
    private final int expRank;
    private final int texRank;
    private final int[] triangles;
    private final int[] landmarks68;
    private final int[] landmarks101;
    private final int[] alignment7;
    private final byte[] partLabels;
    private final boolean[] frontMask;
    private final boolean[] skinMask;
    private final float[] uvs;

    private MorphableModel(Builder b) {
        this.id = requireNonBlank(b.id);
        this.unit = Objects.requireNonNull(b.unit, "unit");
        this.meanShape = requireVec3("meanShape", b.meanShape, -1);
        int v = meanShape.length / 3;
        if (v == 0) {
            throw new IllegalArgumentException("meanShape must have at least one vertex");
        }
        this.idRank = b.idRank;
        this.expRank = b.expRank;
        this.texRank = b.texRank;
        if (idRank < 1) {
            throw new IllegalArgumentException("identity rank must be >= 1, got " + idRank);
        }
        this.idBasis = requireBasis("idBasis", b.idBasis, v, idRank);
        this.expBasis = requireBasis("expBasis", b.expBasis, v, expRank);
        this.meanAlbedo = requireVec3("meanAlbedo", b.meanAlbedo, v);
        this.texBasis = requireBasis("texBasis", b.texBasis, v, texRank);
        this.triangles = new TriangleMesh(meanShape, Objects.requireNonNull(b.triangles, "triangles"), null)
                .triangles().clone();
        this.landmarks68 = requireIds("landmarks68", b.landmarks68, LANDMARK_COUNT, v);
        this.landmarks101 = b.landmarks101 == null ? null : requireIds("landmarks101", b.landmarks101,
                LANDMARK3D_COUNT, v);
        this.alignment7 = b.alignment7 != null ? requireIds("alignment7", b.alignment7, ALIGNMENT_LANDMARKS.length, v)
                : Arrays.stream(ALIGNMENT_LANDMARKS).map(i -> landmarks68[i]).toArray();
        this.partLabels = requireLength("partLabels", b.partLabels, v).clone();
        for (int i = 0; i < v; i++) {
            if (partLabels[i] < 0 || partLabels[i] >= FacePart.COUNT) {
                throw new IllegalArgumentException("partLabels[" + i + "] must be in [0," + FacePart.COUNT + "), got "
                        + partLabels[i]);
            }
        }
        this.frontMask = requireLength("frontMask", b.frontMask, v).clone();
        this.skinMask = requireLength("skinMask", b.skinMask, v).clone();
        this.uvs = b.uvs == null ? null : requireLength("uvs", b.uvs, 2 * v).clone();
        for (int i = 0; uvs != null && i < uvs.length; i++) {
            if (!(uvs[i] >= 0 && uvs[i] <= 1)) {
                throw new IllegalArgumentException("uvs[" + i + "] must be in [0,1], got " + uvs[i]);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this model's contents, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().id(id).unit(unit).meanShape(meanShape).identityBasis(idBasis, idRank)
                .expressionBasis(expBasis, expRank).meanAlbedo(meanAlbedo).textureBasis(texBasis, texRank)
                .triangles(triangles).landmarks68(landmarks68).landmarks101(landmarks101).alignment7(alignment7)
                .partLabels(partLabels).frontMask(frontMask).skinMask(skinMask).uvs(uvs);
    }

    // ---- evaluation -------------------------------------------------------------------------------------------

    /** Vertex positions [V,3] in {@link #unit()} for identity [idRank] and expression [expRank] coefficients. */
    public float[] shape(float[] idCoeffs, float[] expCoeffs) {
        float[] out = new float[meanShape.length];
        shape(idCoeffs, expCoeffs, out);
        return out;
    }

    /** As {@link #shape(float[], float[])}, written into {@code out} ([V,3], length 3V). */
    public void shape(float[] idCoeffs, float[] expCoeffs, float[] out) {
        requireLength("idCoeffs", idCoeffs, idRank);
        requireLength("expCoeffs", expCoeffs, expRank);
        requireLength("out", out, meanShape.length);
        combine(meanShape, idBasis, idCoeffs, expBasis, expCoeffs, out);
    }

    /** Per-vertex albedo [V,3], linear RGB nominally in [0,1] (not clamped), for texture coefficients [texRank]. */
    public float[] albedo(float[] texCoeffs) {
        float[] out = new float[meanAlbedo.length];
        albedo(texCoeffs, out);
        return out;
    }

    /** As {@link #albedo(float[])}, written into {@code out} ([V,3]). */
    public void albedo(float[] texCoeffs, float[] out) {
        requireLength("texCoeffs", texCoeffs, texRank);
        requireLength("out", out, meanAlbedo.length);
        combine(meanAlbedo, texBasis, texCoeffs, null, null, out);
    }

    /** The mesh for the given coefficients, coloured with its albedo clamped to [0,1]. */
    public TriangleMesh instance(float[] idCoeffs, float[] expCoeffs, float[] texCoeffs) {
        float[] colors = albedo(texCoeffs);
        for (int i = 0; i < colors.length; i++) {
            colors[i] = Math.min(1f, Math.max(0f, colors[i]));
        }
        return new TriangleMesh(shape(idCoeffs, expCoeffs), triangles.clone(), colors);
    }

    /** The mean face (all coefficients zero) coloured with the mean albedo. */
    public TriangleMesh meanInstance() {
        return instance(new float[idRank], new float[expRank], new float[texRank]);
    }

    /** The 68 landmark positions [68,3] taken from a shape [V,3] of this model. */
    public float[] landmarks68(float[] shape) {
        return gather(shape, landmarks68);
    }

    /** The 7 alignment-point positions [7,3] taken from a shape [V,3] of this model. */
    public float[] alignmentPoints(float[] shape) {
        return gather(shape, alignment7);
    }

    private float[] gather(float[] shape, int[] ids) {
        requireLength("shape", shape, meanShape.length);
        float[] out = new float[ids.length * 3];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(shape, 3 * ids[i], out, 3 * i, 3);
        }
        return out;
    }

    /** out[r] = mean[r] + sum_k basisA[r,k] a[k] + sum_k basisB[r,k] b[k]; sums in double. */
    private static void combine(float[] mean, float[] basisA, float[] a, float[] basisB, float[] b, float[] out) {
        int ka = a.length;
        int kb = b == null ? 0 : b.length;
        for (int r = 0; r < mean.length; r++) {
            double s = mean[r];
            int o = r * ka;
            for (int k = 0; k < ka; k++) {
                s += basisA[o + k] * a[k];
            }
            o = r * kb;
            for (int k = 0; k < kb; k++) {
                s += basisB[o + k] * b[k];
            }
            out[r] = (float) s;
        }
    }

    // ---- accessors --------------------------------------------------------------------------------------------

    /** Identifies the model and its variant, e.g. {@code synthface:seed=7:grid=90:80/64/80}. */
    public String id() {
        return id;
    }

    public LengthUnit unit() {
        return unit;
    }

    public int vertexCount() {
        return meanShape.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    public int idRank() {
        return idRank;
    }

    public int expRank() {
        return expRank;
    }

    public int texRank() {
        return texRank;
    }

    /** Mean shape [V,3] in {@link #unit()}. */
    public float[] meanShape() {
        return meanShape.clone();
    }

    /** Identity basis [3V, idRank] row-major, in {@link #unit()} per unit coefficient. */
    public float[] identityBasis() {
        return idBasis.clone();
    }

    /** Expression basis [3V, expRank] row-major, in {@link #unit()} per unit coefficient. */
    public float[] expressionBasis() {
        return expBasis.clone();
    }

    /** Mean albedo [V,3], linear RGB in [0,1]. */
    public float[] meanAlbedo() {
        return meanAlbedo.clone();
    }

    /** Texture basis [3V, texRank] row-major, albedo change per unit coefficient. */
    public float[] textureBasis() {
        return texBasis.clone();
    }

    /** Triangles [T,3], 0-based vertex ids, counter-clockwise seen from outside (from +z for the face). */
    public int[] triangles() {
        return triangles.clone();
    }

    /** The 68 landmark vertex ids (0-based) in Multi-PIE / iBUG order. */
    public int[] landmarkIds68() {
        return landmarks68.clone();
    }

    /** Whether the model carries DF-MVR's 101 3D-landmark vertex ids. */
    public boolean hasLandmarks101() {
        return landmarks101 != null;
    }

    /** The 101 3D-landmark vertex ids (0-based); throws when {@link #hasLandmarks101()} is false. */
    public int[] landmarkIds101() {
        if (landmarks101 == null) {
            throw new IllegalStateException("model " + id + " has no 101 3D-landmark ids");
        }
        return landmarks101.clone();
    }

    /** The 7 alignment vertex ids (0-based), in the order of {@link #ALIGNMENT_LANDMARKS}. */
    public int[] alignmentIds() {
        return alignment7.clone();
    }

    /** Per-vertex face-part label [V], values 0..9 ({@link FacePart#label()}). */
    public byte[] partLabels() {
        return partLabels.clone();
    }

    /** Per-vertex front-face region flag [V] (the vertices evaluated and rendered as "the face"). */
    public boolean[] frontMask() {
        return frontMask.clone();
    }

    /** Per-vertex skin flag [V] (vertices used by the skin-albedo reflectance loss). */
    public boolean[] skinMask() {
        return skinMask.clone();
    }

    /** True when the model has a texture parameterisation ({@link #uvs()}). */
    public boolean hasUvs() {
        return uvs != null;
    }

    /**
     * Texture coordinates [V,2] (u right, v up, both in [0,1], OBJ {@code vt} convention), one per vertex, or null
     * when the model has none.
     */
    public float[] uvs() {
        return uvs == null ? null : uvs.clone();
    }

    /** Value equality over every field and array (the cache round-trip contract). */
    public boolean sameAs(MorphableModel o) {
        return id.equals(o.id) && unit == o.unit && idRank == o.idRank && expRank == o.expRank
                && texRank == o.texRank && Arrays.equals(meanShape, o.meanShape) && Arrays.equals(idBasis, o.idBasis)
                && Arrays.equals(expBasis, o.expBasis) && Arrays.equals(meanAlbedo, o.meanAlbedo)
                && Arrays.equals(texBasis, o.texBasis) && Arrays.equals(triangles, o.triangles)
                && Arrays.equals(landmarks68, o.landmarks68) && Arrays.equals(landmarks101, o.landmarks101)
                && Arrays.equals(alignment7, o.alignment7) && Arrays.equals(partLabels, o.partLabels)
                && Arrays.equals(frontMask, o.frontMask) && Arrays.equals(skinMask, o.skinMask)
                && Arrays.equals(uvs, o.uvs);
    }

    @Override
    public String toString() {
        return "MorphableModel[" + id + ", " + vertexCount() + " vertices, " + triangleCount() + " triangles, ranks "
                + idRank + "/" + expRank + "/" + texRank + ", " + unit + "]";
    }

    // ---- validation -------------------------------------------------------------------------------------------

    private static String requireNonBlank(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id must be a non-empty string, got " + id);
        }
        return id;
    }

    private static float[] requireVec3(String name, float[] a, int vertices) {
        Objects.requireNonNull(a, name);
        if (a.length % 3 != 0 || (vertices >= 0 && a.length != 3 * vertices)) {
            throw new IllegalArgumentException(name + " must be [V,3]" + (vertices >= 0 ? " with V=" + vertices : "")
                    + ", got length " + a.length);
        }
        return a.clone();
    }

    private static float[] requireBasis(String name, float[] a, int vertices, int rank) {
        if (rank < 0) {
            throw new IllegalArgumentException(name + " rank must be >= 0, got " + rank);
        }
        Objects.requireNonNull(a, name);
        if ((long) a.length != 3L * vertices * rank) {
            throw new IllegalArgumentException(name + " must be [3V,K] = [" + 3 * vertices + "," + rank + "] = "
                    + 3L * vertices * rank + " values, got " + a.length);
        }
        return a.clone();
    }

    private static int[] requireIds(String name, int[] ids, int count, int vertices) {
        Objects.requireNonNull(ids, name);
        if (ids.length != count) {
            throw new IllegalArgumentException(name + " must have " + count + " vertex ids, got " + ids.length);
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vertices) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + ids[i] + " is outside [0," + vertices
                        + ")");
            }
        }
        return ids.clone();
    }

    private static float[] requireLength(String name, float[] a, int length) {
        Objects.requireNonNull(a, name);
        if (a.length != length) {
            throw new IllegalArgumentException(name + " must have " + length + " values, got " + a.length);
        }
        return a;
    }

    private static byte[] requireLength(String name, byte[] a, int length) {
        Objects.requireNonNull(a, name);
        if (a.length != length) {
            throw new IllegalArgumentException(name + " must have " + length + " values (one per vertex), got "
                    + a.length);
        }
        return a;
    }

    private static boolean[] requireLength(String name, boolean[] a, int length) {
        Objects.requireNonNull(a, name);
        if (a.length != length) {
            throw new IllegalArgumentException(name + " must have " + length + " values (one per vertex), got "
                    + a.length);
        }
        return a;
    }

    /** Collects the parts of a model; {@link #build()} validates every array against the vertex count. */
    public static final class Builder {
        private String id;
        private LengthUnit unit;
        private float[] meanShape;
        private float[] idBasis;
        private float[] expBasis = new float[0];
        private float[] meanAlbedo;
        private float[] texBasis = new float[0];
        private int idRank;
        private int expRank;
        private int texRank;
        private int[] triangles;
        private int[] landmarks68;
        private int[] landmarks101;
        private int[] alignment7;
        private byte[] partLabels;
        private boolean[] frontMask;
        private boolean[] skinMask;
        private float[] uvs;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder unit(LengthUnit unit) {
            this.unit = unit;
            return this;
        }

        /** Mean shape [V,3] in the model unit. */
        public Builder meanShape(float[] meanShape) {
            this.meanShape = meanShape;
            return this;
        }

        /** Identity basis [3V, rank] row-major. */
        public Builder identityBasis(float[] basis, int rank) {
            this.idBasis = basis;
            this.idRank = rank;
            return this;
        }

        /** Expression basis [3V, rank] row-major (rank 0 and an empty array for none). */
        public Builder expressionBasis(float[] basis, int rank) {
            this.expBasis = basis;
            this.expRank = rank;
            return this;
        }

        /** Mean albedo [V,3], linear RGB in [0,1]. */
        public Builder meanAlbedo(float[] meanAlbedo) {
            this.meanAlbedo = meanAlbedo;
            return this;
        }

        /** Texture basis [3V, rank] row-major (rank 0 and an empty array for none). */
        public Builder textureBasis(float[] basis, int rank) {
            this.texBasis = basis;
            this.texRank = rank;
            return this;
        }

        /** Triangles [T,3], 0-based, counter-clockwise from outside. */
        public Builder triangles(int[] triangles) {
            this.triangles = triangles;
            return this;
        }

        /** 68 vertex ids, 0-based, iBUG order. */
        public Builder landmarks68(int[] ids) {
            this.landmarks68 = ids;
            return this;
        }

        /** 101 vertex ids, 0-based, or null when the model has none. */
        public Builder landmarks101(int[] ids) {
            this.landmarks101 = ids;
            return this;
        }

        /** 7 alignment vertex ids, 0-based; null derives them from the 68 landmarks ({@link #ALIGNMENT_LANDMARKS}). */
        public Builder alignment7(int[] ids) {
            this.alignment7 = ids;
            return this;
        }

        /** Per-vertex part labels [V], 0..9. */
        public Builder partLabels(byte[] labels) {
            this.partLabels = labels;
            return this;
        }

        /** Per-vertex front-face flags [V]. */
        public Builder frontMask(boolean[] mask) {
            this.frontMask = mask;
            return this;
        }

        /** Per-vertex skin flags [V]. */
        public Builder skinMask(boolean[] mask) {
            this.skinMask = mask;
            return this;
        }

        /** Texture coordinates [V,2] in [0,1], u right, v up; null (the default) when the model has none. */
        public Builder uvs(float[] uvs) {
            this.uvs = uvs;
            return this;
        }

        public MorphableModel build() {
            return new MorphableModel(this);
        }
    }
}
