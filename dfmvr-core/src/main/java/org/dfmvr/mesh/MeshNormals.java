package org.dfmvr.mesh;

/**
 * Face and vertex normals of a {@link TriangleMesh}.
 *
 * <p>Vertex normals are the normalised sum of the (unnormalised, hence area-weighted) normals of the triangles that
 * use the vertex, the "point buffer" adjacency of Deep3DFace's {@code compute_norm}. A vertex used by no triangle, or
 * whose triangles cancel out, gets the zero vector.
 */
public final class MeshNormals {
    private MeshNormals() {
    }

    /** Unit face normals, [T,3] row-major; a degenerate triangle gets the zero vector. */
    public static float[] faceNormals(float[] positions, int[] triangles) {
        float[] out = new float[triangles.length];
        for (int t = 0; t < triangles.length; t += 3) {
            crossOfEdges(positions, triangles[t], triangles[t + 1], triangles[t + 2], out, t);
            normalise(out, t);
        }
        return out;
    }

    /** Unit vertex normals, [V,3] row-major, written into {@code out} (length = positions.length). */
    public static void vertexNormals(float[] positions, int[] triangles, float[] out) {
        if (out.length != positions.length) {
            throw new IllegalArgumentException("out must have " + positions.length + " values, got " + out.length);
        }
        java.util.Arrays.fill(out, 0f);
        float[] n = new float[3];
        for (int t = 0; t < triangles.length; t += 3) {
            int a = triangles[t], b = triangles[t + 1], c = triangles[t + 2];
            crossOfEdges(positions, a, b, c, n, 0);
            for (int v : new int[] {a, b, c}) {
                out[3 * v] += n[0];
                out[3 * v + 1] += n[1];
                out[3 * v + 2] += n[2];
            }
        }
        for (int i = 0; i < out.length; i += 3) {
            normalise(out, i);
        }
    }

    /** Unit vertex normals of {@code mesh}, [V,3] row-major. */
    public static float[] vertexNormals(TriangleMesh mesh) {
        float[] out = new float[mesh.positions().length];
        vertexNormals(mesh.positions(), mesh.triangles(), out);
        return out;
    }

    /** (p[b]-p[a]) x (p[c]-p[a]) into out[o..o+2]: twice the triangle's area along its normal. */
    private static void crossOfEdges(float[] p, int a, int b, int c, float[] out, int o) {
        float e1x = p[3 * b] - p[3 * a], e1y = p[3 * b + 1] - p[3 * a + 1], e1z = p[3 * b + 2] - p[3 * a + 2];
        float e2x = p[3 * c] - p[3 * a], e2y = p[3 * c + 1] - p[3 * a + 1], e2z = p[3 * c + 2] - p[3 * a + 2];
        out[o] = e1y * e2z - e1z * e2y;
        out[o + 1] = e1z * e2x - e1x * e2z;
        out[o + 2] = e1x * e2y - e1y * e2x;
    }

    private static void normalise(float[] v, int o) {
        double len = Math.sqrt((double) v[o] * v[o] + (double) v[o + 1] * v[o + 1] + (double) v[o + 2] * v[o + 2]);
        if (len > 0) {
            v[o] /= len;
            v[o + 1] /= len;
            v[o + 2] /= len;
        }
    }
}
