package org.dfmvr.geometry;

import java.util.ArrayList;
import java.util.List;
import org.ddogleg.nn.FactoryNearestNeighbor;
import org.ddogleg.nn.NearestNeighbor;
import org.ddogleg.nn.NnData;
import org.ddogleg.nn.alg.distance.KdTreeEuclideanSq_F64;

/**
 * {@link PointNearestNeighbours} backed by ddogleg's KD-tree with exact (unbounded) search
 * (lessthanoptimal/ddogleg {@code FactoryNearestNeighbor.kdtree}, Apache-2.0). Not thread-safe.
 */
final class KdTreeNearestNeighbours implements PointNearestNeighbours {
    private final int size;
    private final NearestNeighbor.Search<double[]> search;
    private final NnData<double[]> result = new NnData<>();
    private final double[] query = new double[3];

    /** @param points [N,3] row-major, N &gt;= 1, finite */
    KdTreeNearestNeighbours(double[] points) {
        if (points.length == 0 || points.length % 3 != 0) {
            throw new IllegalArgumentException("points must be [N,3] with N >= 1, got length " + points.length);
        }
        size = points.length / 3;
        List<double[]> list = new ArrayList<>(size);
        for (int i = 0; i < points.length; i += 3) {
            if (!Double.isFinite(points[i]) || !Double.isFinite(points[i + 1]) || !Double.isFinite(points[i + 2])) {
                throw new IllegalArgumentException("point " + i / 3 + " is not finite");
            }
            list.add(new double[] {points[i], points[i + 1], points[i + 2]});
        }
        NearestNeighbor<double[]> tree = FactoryNearestNeighbor.kdtree(new KdTreeEuclideanSq_F64(3));
        tree.setPoints(list, true);
        search = tree.createSearch();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int nearest(double x, double y, double z, double maxDistanceSquared, double[] distanceSquaredOut) {
        query[0] = x;
        query[1] = y;
        query[2] = z;
        // ddogleg: a negative maximum means "no limit"; distances are squared for KdTreeEuclideanSq_F64
        double max = maxDistanceSquared == Double.POSITIVE_INFINITY ? -1 : maxDistanceSquared;
        if (!search.findNearest(query, max, result)) {
            return -1;
        }
        distanceSquaredOut[0] = result.distance;
        return result.index;
    }
}
