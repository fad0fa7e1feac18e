package org.dfmvr.geometry;

import java.util.Optional;

/**
 * Point-to-point metric |p - q|^2 (Besl and McKay 1992), minimised in closed form by {@link Umeyama} (with or
 * without scale).
 */
public record PointToPointEstimator(TransformModel model) implements TransformEstimator {
    public PointToPointEstimator {
        if (model == null) {
            throw new IllegalArgumentException("model must be RIGID or SIMILARITY, got null");
        }
    }

    @Override
    public Optional<SimilarityTransform> estimate(double[] source, Correspondences c) {
        int n = c.selectedCount;
        double[] from = new double[3 * n];
        double[] to = new double[3 * n];
        for (int k = 0; k < n; k++) {
            int i = c.selected[k];
            System.arraycopy(source, 3 * i, from, 3 * k, 3);
            System.arraycopy(c.targetPoints, 3 * i, to, 3 * k, 3);
        }
        try {
            return Optional.of(Umeyama.fit(from, to, model == TransformModel.SIMILARITY));
        } catch (IllegalArgumentException degenerate) {
            return Optional.empty();
        }
    }

    @Override
    public double squaredResidual(double[] source, int i, Correspondences c) {
        return c.distanceSquared[i];
    }

    @Override
    public boolean needsNormals() {
        return false;
    }
}
