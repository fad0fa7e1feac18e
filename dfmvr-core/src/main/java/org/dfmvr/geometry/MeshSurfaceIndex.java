package org.dfmvr.geometry;

import org.dfmvr.mesh.MeshNormals;
import org.dfmvr.mesh.TriangleMesh;

/**
 * Exact closest point on the surface of a triangle mesh, accelerated by a bounding-volume hierarchy (axis-aligned
 * boxes, median split of triangle centroids along the box's longest axis, at most {@value #LEAF_SIZE} triangles per
 * leaf). A query descends the nearer child first and skips every box farther than the best distance found so far;
 * since a box bounds all its triangles, a skipped box cannot hold a closer point, so the answer equals the brute-force
 * minimum over all triangles (the test oracle). Closest points on triangles: {@link ClosestPointOnTriangle}.
 *
 * <p>Immutable after construction and thread-safe (queries allocate only a small stack).
 */
public final class MeshSurfaceIndex {
    static final int LEAF_SIZE = 4;

    /** Triangle corners, [T,9] row-major a,b,c (mesh unit), in BVH order. */
    private final double[] corners;
    /** Original 0-based triangle index per BVH slot, [T]. */
    private final int[] triangleIds;
    /** Unit face normals, [T,3] by original triangle index; zero for degenerate triangles. */
    private final double[] faceNormals;
    /** Node boxes, [nodes,6] minx,miny,minz,maxx,maxy,maxz. */
    private final double[] boxes;
    /** Inner node: index of the first child (second child follows {@link #second}); leaf: first BVH slot. */
    private final int[] first;
    /** Inner node: index of the second child; leaf: -(number of triangles). */
    private final int[] second;
    private int nodeCount;

    /**
     * @param mesh the surface; at least one triangle
     */
    public MeshSurfaceIndex(TriangleMesh mesh) {
        int t = mesh.triangleCount();
        if (t == 0) {
            throw new IllegalArgumentException("mesh must have at least one triangle, got 0");
        }
        float[] p = mesh.positions();
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                throw new IllegalArgumentException("vertex " + i / 3 + " has a non-finite coordinate " + p[i]);
            }
        }
        int[] tri = mesh.triangles();
        float[] normals = MeshNormals.faceNormals(p, tri);
        faceNormals = new double[normals.length];
        for (int i = 0; i < normals.length; i++) {
            faceNormals[i] = normals[i];
        }
        double[] centroids = new double[3 * t];
        int[] order = new int[t];
        for (int i = 0; i < t; i++) {
            order[i] = i;
            for (int k = 0; k < 3; k++) {
                centroids[3 * i + k] = (p[3 * tri[3 * i] + k] + p[3 * tri[3 * i + 1] + k]
                        + p[3 * tri[3 * i + 2] + k]) / 3.0;
            }
        }
        int maxNodes = 2 * ((t + LEAF_SIZE - 1) / LEAF_SIZE) * 2 + 1;
        boxes = new double[6 * maxNodes];
        first = new int[maxNodes];
        second = new int[maxNodes];
        build(order, 0, t, centroids, p, tri);
        triangleIds = order;
        corners = new double[9 * t];
        for (int slot = 0; slot < t; slot++) {
            int id = order[slot];
            for (int v = 0; v < 3; v++) {
                for (int k = 0; k < 3; k++) {
                    corners[9 * slot + 3 * v + k] = p[3 * tri[3 * id + v] + k];
                }
            }
        }
    }

    /**
     * The closest point of the surface to (x, y, z).
     *
     * @param out [4] written with the closest point x,y,z and its squared distance (mesh unit, squared)
     * @return 0-based index of the triangle holding the closest point (the lowest BVH slot on exact ties)
     * @throws IllegalArgumentException when the query is not finite
     */
    public int closestPoint(double x, double y, double z, double[] out) {
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z))) {
            throw new IllegalArgumentException("query point must be finite, got (" + x + ", " + y + ", " + z + ")");
        }
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = 0;
        double best = Double.POSITIVE_INFINITY;
        int bestSlot = -1;
        double bx = 0, by = 0, bz = 0;
        double[] candidate = new double[3];
        while (top > 0) {
            int node = stack[--top];
            if (boxDistanceSquared(node, x, y, z) >= best) {
                continue;
            }
            if (second[node] < 0) {
                int end = first[node] - second[node];
                for (int slot = first[node]; slot < end; slot++) {
                    ClosestPointOnTriangle.closestPoint(x, y, z, corners, 9 * slot, candidate);
                    double dx = candidate[0] - x, dy = candidate[1] - y, dz = candidate[2] - z;
                    double d = dx * dx + dy * dy + dz * dz;
                    if (d < best) {
                        best = d;
                        bestSlot = slot;
                        bx = candidate[0];
                        by = candidate[1];
                        bz = candidate[2];
                    }
                }
            } else {
                int a = first[node], b = second[node];
                double da = boxDistanceSquared(a, x, y, z), db = boxDistanceSquared(b, x, y, z);
                if (da <= db) {
                    stack[top++] = b;
                    stack[top++] = a;
                } else {
                    stack[top++] = a;
                    stack[top++] = b;
                }
            }
        }
        out[0] = bx;
        out[1] = by;
        out[2] = bz;
        out[3] = best;
        return triangleIds[bestSlot];
    }

    /**
     * Unit normal of one triangle (counter-clockwise winding, pointing outwards), zero for a degenerate triangle.
     *
     * @param triangle 0-based triangle index
     * @param out      written at out[offset..offset+2]
     */
    public void faceNormal(int triangle, double[] out, int offset) {
        out[offset] = faceNormals[3 * triangle];
        out[offset + 1] = faceNormals[3 * triangle + 1];
        out[offset + 2] = faceNormals[3 * triangle + 2];
    }

    private double boxDistanceSquared(int node, double x, double y, double z) {
        int o = 6 * node;
        double dx = Math.max(0, Math.max(boxes[o] - x, x - boxes[o + 3]));
        double dy = Math.max(0, Math.max(boxes[o + 1] - y, y - boxes[o + 4]));
        double dz = Math.max(0, Math.max(boxes[o + 2] - z, z - boxes[o + 5]));
        return dx * dx + dy * dy + dz * dz;
    }

    /** Builds the subtree over order[start, end) and returns its node index (tree depth ~ log2(T / LEAF_SIZE)). */
    private int build(int[] order, int start, int end, double[] centroids, float[] p, int[] tri) {
        int node = nodeCount++;
        int o = 6 * node;
        boxes[o] = boxes[o + 1] = boxes[o + 2] = Double.POSITIVE_INFINITY;
        boxes[o + 3] = boxes[o + 4] = boxes[o + 5] = Double.NEGATIVE_INFINITY;
        double[] cmin = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] cmax = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = start; i < end; i++) {
            int id = order[i];
            for (int v = 0; v < 3; v++) {
                int vi = tri[3 * id + v];
                for (int k = 0; k < 3; k++) {
                    double c = p[3 * vi + k];
                    boxes[o + k] = Math.min(boxes[o + k], c);
                    boxes[o + 3 + k] = Math.max(boxes[o + 3 + k], c);
                }
            }
            for (int k = 0; k < 3; k++) {
                cmin[k] = Math.min(cmin[k], centroids[3 * id + k]);
                cmax[k] = Math.max(cmax[k], centroids[3 * id + k]);
            }
        }
        if (end - start <= LEAF_SIZE) {
            first[node] = start;
            second[node] = -(end - start);
            return node;
        }
        int axis = 0;
        for (int k = 1; k < 3; k++) {
            if (cmax[k] - cmin[k] > cmax[axis] - cmin[axis]) {
                axis = k;
            }
        }
        int mid = (start + end) >>> 1;
        select(order, start, end - 1, mid, centroids, axis);
        first[node] = build(order, start, mid, centroids, p, tri);
        second[node] = build(order, mid, end, centroids, p, tri);
        return node;
    }

    /** Quickselect: reorders order[lo..hi] so that order[k] has the k-th smallest centroid along {@code axis}. */
    private static void select(int[] order, int lo, int hi, int k, double[] centroids, int axis) {
        while (lo < hi) {
            double pivot = centroids[3 * order[(lo + hi) >>> 1] + axis];
            int i = lo, j = hi;
            while (i <= j) {
                while (centroids[3 * order[i] + axis] < pivot) {
                    i++;
                }
                while (centroids[3 * order[j] + axis] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }
}
