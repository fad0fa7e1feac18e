package org.dfmvr.geometry;

/**
 * Correspondence = the nearest target <i>point</i> (a KD-tree over the target's points), as in Besl and McKay 1992
 * and Open3D's {@code registration_icp}; the target normal is that point's normal when normals are given.
 */
public final class NearestPointCorrespondences implements CorrespondenceFinder {
    private final double[] targetPoints;
    private final double[] targetNormals;
    private final PointNearestNeighbours index;
    private final double[] distance = new double[1];

    /**
     * @param targetPoints  [M,3] row-major target points; copied into the KD-tree
     * @param targetNormals [M,3] unit normals per target point, or null (point-to-point only)
     */
    public NearestPointCorrespondences(double[] targetPoints, double[] targetNormals) {
        if (targetNormals != null && targetNormals.length != targetPoints.length) {
            throw new IllegalArgumentException("targetNormals must be [M,3] like targetPoints (" + targetPoints.length
                    + " values), got " + targetNormals.length);
        }
        this.targetPoints = targetPoints.clone();
        this.targetNormals = targetNormals == null ? null : targetNormals.clone();
        this.index = PointNearestNeighbours.kdTree(targetPoints);
    }

    @Override
    public void find(double[] source, double maxDistance, Correspondences out) {
        double maxSq = maxDistance == Double.POSITIVE_INFINITY ? maxDistance : maxDistance * maxDistance;
        for (int i = 0; i < out.size(); i++) {
            int j = index.nearest(source[3 * i], source[3 * i + 1], source[3 * i + 2], maxSq, distance);
            out.targetIndex[i] = j;
            if (j < 0) {
                continue;
            }
            out.distanceSquared[i] = distance[0];
            System.arraycopy(targetPoints, 3 * j, out.targetPoints, 3 * i, 3);
            if (targetNormals != null) {
                System.arraycopy(targetNormals, 3 * j, out.targetNormals, 3 * i, 3);
            }
        }
    }

    @Override
    public boolean providesNormals() {
        return targetNormals != null;
    }
}
