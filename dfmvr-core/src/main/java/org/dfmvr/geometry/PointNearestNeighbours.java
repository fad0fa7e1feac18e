package org.dfmvr.geometry;

/**
 * Exact nearest-neighbour queries over a fixed set of 3D points.
 *
 * <p>An instance holds per-query scratch state: it is <b>not</b> thread-safe; use one per thread (one per mesh pair
 * in a Spark task).
 */
public interface PointNearestNeighbours {

    /** Number of indexed points. */
    int size();

    /**
     * The indexed point nearest to (x, y, z), if one lies within {@code maxDistanceSquared}.
     *
     * @param maxDistanceSquared squared search radius in the points' unit squared; {@code Double.POSITIVE_INFINITY}
     *                           for no limit
     * @param distanceSquaredOut [1] written with the squared distance of the returned point (unchanged on -1)
     * @return 0-based index of the nearest point, or -1 when none lies within the radius
     */
    int nearest(double x, double y, double z, double maxDistanceSquared, double[] distanceSquaredOut);

    /** A KD-tree (ddogleg, exact search) over [N,3] points; the array is copied. */
    static PointNearestNeighbours kdTree(double[] points) {
        return new KdTreeNearestNeighbours(points);
    }
}
