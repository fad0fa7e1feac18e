package org.dfmvr.geometry;

import java.util.Arrays;
import java.util.Optional;

/**
 * Iterative closest point (Besl and McKay 1992) assembled from strategies: a {@link CorrespondenceFinder} (nearest
 * target point or closest surface point), a {@link TransformEstimator} (point-to-point or point-to-plane, rigid or
 * with isotropic scale) and {@link IcpCriteria} (stopping and robustness).
 *
 * <p>Loop, as in Open3D's {@code RegistrationICP}: find correspondences for the initial pose; then repeatedly
 * estimate an update from the selected pairs, apply it, re-find correspondences and stop once the RMSE changes by
 * at most the relative tolerance. Selection keeps pairs within the maximum correspondence distance and then drops
 * the {@code trimFraction} with the largest distances (Trimmed ICP, Chetverikov et al., ICPR 2002).
 *
 * <p>Holds per-run buffers through its finder: not thread-safe; one instance per thread.
 */
public final class Icp {
    private final CorrespondenceFinder finder;
    private final TransformEstimator estimator;
    private final IcpCriteria criteria;

    public Icp(CorrespondenceFinder finder, TransformEstimator estimator, IcpCriteria criteria) {
        if (estimator.needsNormals() && !finder.providesNormals()) {
            throw new IllegalArgumentException("the estimator " + estimator
                    + " needs target normals but the correspondence finder provides none");
        }
        this.finder = finder;
        this.estimator = estimator;
        this.criteria = criteria;
    }

    /**
     * Registers {@code source} to the finder's target.
     *
     * @param source                [N,3] source points, source frame and unit; not modified
     * @param initialSourceToTarget starting pose (e.g. a landmark {@link Umeyama} fit)
     */
    public IcpResult register(double[] source, SimilarityTransform initialSourceToTarget) {
        if (source.length == 0 || source.length % 3 != 0) {
            throw new IllegalArgumentException("source must be [N,3] with N >= 1, got length " + source.length);
        }
        for (int i = 0; i < source.length; i++) {
            if (!Double.isFinite(source[i])) {
                throw new IllegalArgumentException("source point " + i / 3 + " has a non-finite coordinate "
                        + source[i]);
            }
        }
        double[] moved = initialSourceToTarget.apply(source);
        SimilarityTransform current = initialSourceToTarget;
        Correspondences c = new Correspondences(source.length / 3);
        double[] state = new double[2];
        evaluate(moved, c, state);
        if (c.selectedCount < criteria.minCorrespondences()) {
            return result(current, state, c, 0, IcpResult.Termination.TOO_FEW_CORRESPONDENCES);
        }
        for (int iteration = 1; iteration <= criteria.maxIterations(); iteration++) {
            Optional<SimilarityTransform> update = estimator.estimate(moved, c);
            if (update.isEmpty()) {
                return result(current, state, c, iteration - 1, IcpResult.Termination.DEGENERATE);
            }
            update.get().apply(moved, moved);
            current = current.followedBy(update.get());
            double previousRmse = state[0];
            evaluate(moved, c, state);
            if (c.selectedCount < criteria.minCorrespondences()) {
                return result(current, state, c, iteration, IcpResult.Termination.TOO_FEW_CORRESPONDENCES);
            }
            if (Math.abs(previousRmse - state[0]) <= criteria.relativeRmseChange() * previousRmse) {
                return result(current, state, c, iteration, IcpResult.Termination.CONVERGED);
            }
        }
        return result(current, state, c, criteria.maxIterations(), IcpResult.Termination.MAX_ITERATIONS);
    }

    /** Finds and selects correspondences for {@code moved}; writes state[0] = rmse, state[1] = fitness. */
    private void evaluate(double[] moved, Correspondences c, double[] state) {
        finder.find(moved, criteria.maxCorrespondenceDistance(), c);
        int n = c.size();
        int valid = 0;
        for (int i = 0; i < n; i++) {
            if (c.targetIndex[i] >= 0) {
                c.selected[valid++] = i;
            }
        }
        int kept = valid;
        if (criteria.trimFraction() > 0 && valid > 0) {
            kept = (int) Math.ceil((1 - criteria.trimFraction()) * valid);
            keepSmallestDistances(c, valid, kept);
        }
        c.selectedCount = kept;
        double sum = 0;
        for (int k = 0; k < kept; k++) {
            sum += estimator.squaredResidual(moved, c.selected[k], c);
        }
        state[0] = kept == 0 ? Double.NaN : Math.sqrt(sum / kept);
        state[1] = (double) valid / n;
    }

    /** Reorders c.selected[0..valid) so that its first {@code kept} entries have the smallest distances. */
    private static void keepSmallestDistances(Correspondences c, int valid, int kept) {
        int[] keyed = new int[valid];
        double[] d = new double[valid];
        for (int k = 0; k < valid; k++) {
            d[k] = c.distanceSquared[c.selected[k]];
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double threshold = sorted[kept - 1];
        int out = 0;
        // strictly below the threshold first, then ties at the threshold until `kept` are taken
        for (int k = 0; k < valid && out < kept; k++) {
            if (d[k] < threshold) {
                keyed[out++] = c.selected[k];
            }
        }
        for (int k = 0; k < valid && out < kept; k++) {
            if (d[k] == threshold) {
                keyed[out++] = c.selected[k];
            }
        }
        System.arraycopy(keyed, 0, c.selected, 0, kept);
    }

    private static IcpResult result(SimilarityTransform current, double[] state, Correspondences c, int iterations,
                                    IcpResult.Termination termination) {
        return new IcpResult(current, state[0], state[1], iterations, termination == IcpResult.Termination.CONVERGED,
                c.selectedCount, termination);
    }
}
