package org.dfmvr.geometry;

/** Finds, for every source point, its corresponding point on the target (one ICP strategy). Not thread-safe. */
public interface CorrespondenceFinder {

    /**
     * Fills {@code out.targetPoints}, {@code targetNormals}, {@code distanceSquared} and {@code targetIndex} for
     * every source point; a source point with no target within {@code maxDistance} gets {@code targetIndex} -1.
     *
     * @param source      [N,3] source points, already moved into the target frame (target unit)
     * @param maxDistance search radius in the target unit; {@code Double.POSITIVE_INFINITY} for none
     */
    void find(double[] source, double maxDistance, Correspondences out);

    /** Whether {@link #find} writes target normals (point-to-plane needs them). */
    boolean providesNormals();
}
