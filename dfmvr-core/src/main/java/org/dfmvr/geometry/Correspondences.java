package org.dfmvr.geometry;

/**
 * Per-run scratch buffers of one ICP registration: for each of N source points, its corresponding target point and
 * normal, plus the subset selected for estimation. Filled in place by a {@link CorrespondenceFinder} and by
 * {@link Icp}; deliberately mutable (hot loop, no per-iteration allocation) and not thread-safe.
 */
public final class Correspondences {
    /** [N,3] corresponding target points (target unit); meaningful where {@link #targetIndex} is &gt;= 0. */
    public final double[] targetPoints;
    /** [N,3] unit target normals at those points; zero when the finder provides none. */
    public final double[] targetNormals;
    /** [N] squared Euclidean distance source point to target point (unit squared). */
    public final double[] distanceSquared;
    /** [N] 0-based index of the target feature (vertex or triangle) found, -1 when none within the search radius. */
    public final int[] targetIndex;
    /** [N] 0-based source indices used for estimation; the first {@link #selectedCount} entries are valid. */
    public final int[] selected;
    /** Number of valid entries of {@link #selected}. */
    public int selectedCount;

    /** Buffers for {@code sourceCount} source points. */
    public Correspondences(int sourceCount) {
        if (sourceCount < 1) {
            throw new IllegalArgumentException("sourceCount must be >= 1, got " + sourceCount);
        }
        targetPoints = new double[3 * sourceCount];
        targetNormals = new double[3 * sourceCount];
        distanceSquared = new double[sourceCount];
        targetIndex = new int[sourceCount];
        selected = new int[sourceCount];
    }

    /** Number of source points N. */
    public int size() {
        return distanceSquared.length;
    }
}
