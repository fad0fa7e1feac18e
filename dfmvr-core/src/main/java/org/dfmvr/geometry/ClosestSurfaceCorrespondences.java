package org.dfmvr.geometry;

/**
 * Correspondence = the closest point on the target mesh <i>surface</i> ({@link MeshSurfaceIndex}).
 *
 * <p>The normal written with it is selectable:
 * <ul>
 *   <li>{@link Normal#FACE}: the unit normal of the triangle holding the closest point; point-to-plane ICP then
 *       measures the distance to that triangle's plane (the "pointplane" metric);</li>
 *   <li>{@link Normal#DISTANCE_GRADIENT}: the unit vector from the closest point to the source point, i.e. the
 *       gradient of the unsigned distance to the surface (valid in all 7 Voronoi regions of the triangle, not only
 *       the face); point-to-plane ICP then is Gauss-Newton on the point-to-surface distances themselves, the
 *       objective of NoW's scan-to-mesh refinement, and its residual equals the unsigned distance. Where the
 *       distance is 0 the face normal is used.</li>
 * </ul>
 * With either, point-to-point ICP minimises the squared point-to-surface distance.
 */
public final class ClosestSurfaceCorrespondences implements CorrespondenceFinder {
    /** Which unit normal is written with each correspondence. */
    public enum Normal { FACE, DISTANCE_GRADIENT }

    private final MeshSurfaceIndex surface;
    private final Normal normal;
    private final double[] hit = new double[4];

    public ClosestSurfaceCorrespondences(MeshSurfaceIndex surface, Normal normal) {
        if (surface == null || normal == null) {
            throw new IllegalArgumentException("surface and normal must not be null, got " + surface + ", " + normal);
        }
        this.surface = surface;
        this.normal = normal;
    }

    /** With {@link Normal#FACE} normals. */
    public ClosestSurfaceCorrespondences(MeshSurfaceIndex surface) {
        this(surface, Normal.FACE);
    }

    @Override
    public void find(double[] source, double maxDistance, Correspondences out) {
        double maxSq = maxDistance == Double.POSITIVE_INFINITY ? maxDistance : maxDistance * maxDistance;
        for (int i = 0; i < out.size(); i++) {
            double x = source[3 * i], y = source[3 * i + 1], z = source[3 * i + 2];
            int t = surface.closestPoint(x, y, z, hit);
            if (hit[3] > maxSq) {
                out.targetIndex[i] = -1;
                continue;
            }
            out.targetIndex[i] = t;
            out.distanceSquared[i] = hit[3];
            out.targetPoints[3 * i] = hit[0];
            out.targetPoints[3 * i + 1] = hit[1];
            out.targetPoints[3 * i + 2] = hit[2];
            double distance = Math.sqrt(hit[3]);
            if (normal == Normal.DISTANCE_GRADIENT && distance > 0) {
                out.targetNormals[3 * i] = (x - hit[0]) / distance;
                out.targetNormals[3 * i + 1] = (y - hit[1]) / distance;
                out.targetNormals[3 * i + 2] = (z - hit[2]) / distance;
            } else {
                surface.faceNormal(t, out.targetNormals, 3 * i);
            }
        }
    }

    @Override
    public boolean providesNormals() {
        return true;
    }
}
