package org.dfmvr.geometry;

/**
 * Closest point on a triangle to a query point, by the Voronoi-region tests of Ericson, "Real-Time Collision
 * Detection" (2005), §5.1.5 "Closest point on triangle to point".
 *
 * <p>The plane of the triangle is split into 7 Voronoi regions (3 vertices, 3 edges, the face); dot products of the
 * edges with the vectors from each vertex to the query decide the region, and the closest point is the vertex, the
 * projection onto the edge, or the barycentric projection onto the face. Degenerate (zero-length) edges fall back
 * to the edge's first vertex instead of dividing by zero.
 */
public final class ClosestPointOnTriangle {
    /** The feature of the triangle (a, b, c) on which the closest point lies. */
    public enum Region { VERTEX_A, VERTEX_B, VERTEX_C, EDGE_AB, EDGE_AC, EDGE_BC, FACE }

    private ClosestPointOnTriangle() {
    }

    /**
     * @param px        query x (the triangle's unit)
     * @param py        query y
     * @param pz        query z
     * @param vertices  triangle corners a, b, c as 9 consecutive values ax,ay,az,bx,..,cz starting at {@code offset}
     * @param offset    index of ax in {@code vertices}
     * @param out       [3] written with the closest point x,y,z
     * @return the Voronoi region of the closest point
     */
    public static Region closestPoint(double px, double py, double pz, double[] vertices, int offset, double[] out) {
        double ax = vertices[offset], ay = vertices[offset + 1], az = vertices[offset + 2];
        double bx = vertices[offset + 3], by = vertices[offset + 4], bz = vertices[offset + 5];
        double cx = vertices[offset + 6], cy = vertices[offset + 7], cz = vertices[offset + 8];
        double abx = bx - ax, aby = by - ay, abz = bz - az;
        double acx = cx - ax, acy = cy - ay, acz = cz - az;

        double apx = px - ax, apy = py - ay, apz = pz - az;
        double d1 = abx * apx + aby * apy + abz * apz;
        double d2 = acx * apx + acy * apy + acz * apz;
        if (d1 <= 0 && d2 <= 0) {
            return set(out, ax, ay, az, Region.VERTEX_A);
        }
        double bpx = px - bx, bpy = py - by, bpz = pz - bz;
        double d3 = abx * bpx + aby * bpy + abz * bpz;
        double d4 = acx * bpx + acy * bpy + acz * bpz;
        if (d3 >= 0 && d4 <= d3) {
            return set(out, bx, by, bz, Region.VERTEX_B);
        }
        double vc = d1 * d4 - d3 * d2;
        if (vc <= 0 && d1 >= 0 && d3 <= 0) {
            double v = ratio(d1, d1 - d3);
            return set(out, ax + v * abx, ay + v * aby, az + v * abz, Region.EDGE_AB);
        }
        double cpx = px - cx, cpy = py - cy, cpz = pz - cz;
        double d5 = abx * cpx + aby * cpy + abz * cpz;
        double d6 = acx * cpx + acy * cpy + acz * cpz;
        if (d6 >= 0 && d5 <= d6) {
            return set(out, cx, cy, cz, Region.VERTEX_C);
        }
        double vb = d5 * d2 - d1 * d6;
        if (vb <= 0 && d2 >= 0 && d6 <= 0) {
            double w = ratio(d2, d2 - d6);
            return set(out, ax + w * acx, ay + w * acy, az + w * acz, Region.EDGE_AC);
        }
        double va = d3 * d6 - d5 * d4;
        if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
            double w = ratio(d4 - d3, (d4 - d3) + (d5 - d6));
            return set(out, bx + w * (cx - bx), by + w * (cy - by), bz + w * (cz - bz), Region.EDGE_BC);
        }
        double sum = va + vb + vc;
        double v = ratio(vb, sum), w = ratio(vc, sum);
        return set(out, ax + v * abx + w * acx, ay + v * aby + w * acy, az + v * abz + w * acz, Region.FACE);
    }

    private static double ratio(double num, double den) {
        return den == 0 ? 0 : num / den;
    }

    private static Region set(double[] out, double x, double y, double z, Region region) {
        out[0] = x;
        out[1] = y;
        out[2] = z;
        return region;
    }
}
