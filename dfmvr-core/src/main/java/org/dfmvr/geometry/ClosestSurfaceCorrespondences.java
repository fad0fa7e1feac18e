package org.dfmvr.geometry;

/**
 * Correspondence = the closest point on the target mesh <i>surface</i> ({@link MeshSurfaceIndex}); the normal is the
 * face normal of the triangle holding it. With this finder point-to-point ICP minimises the squared point-to-surface
 * distance, the objective of the NoW scan-to-mesh refinement.
 */
public final class ClosestSurfaceCorrespondences implements CorrespondenceFinder {
    private final MeshSurfaceIndex surface;
    private final double[] hit = new double[4];

    public ClosestSurfaceCorrespondences(MeshSurfaceIndex surface) {
        this.surface = surface;
    }

    @Override
    public void find(double[] source, double maxDistance, Correspondences out) {
        double maxSq = maxDistance == Double.POSITIVE_INFINITY ? maxDistance : maxDistance * maxDistance;
        for (int i = 0; i < out.size(); i++) {
            int t = surface.closestPoint(source[3 * i], source[3 * i + 1], source[3 * i + 2], hit);
            if (hit[3] > maxSq) {
                out.targetIndex[i] = -1;
                continue;
            }
            out.targetIndex[i] = t;
            out.distanceSquared[i] = hit[3];
            out.targetPoints[3 * i] = hit[0];
            out.targetPoints[3 * i + 1] = hit[1];
            out.targetPoints[3 * i + 2] = hit[2];
            surface.faceNormal(t, out.targetNormals, 3 * i);
        }
    }

    @Override
    public boolean providesNormals() {
        return true;
    }
}
