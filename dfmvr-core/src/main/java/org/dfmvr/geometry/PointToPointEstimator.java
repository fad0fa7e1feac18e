package org.dfmvr.geometry;

import java.util.Optional;

/**
 * Point-to-point metric |p - q|^2 (Besl and McKay 1992), minimised in closed form by {@link Umeyama} (with or
 * without scale), fitted in the given {@link FitDirection}.
 */
public record PointToPointEstimator(TransformModel model, FitDirection direction) implements TransformEstimator {
    public PointToPointEstimator {
        if (model == null || direction == null) {
            throw new IllegalArgumentException("model and direction must not be null, got " + model + ", "
                    + direction);
        }
    }

    /** Fits source-to-target, as Besl and McKay. */
    public PointToPointEstimator(TransformModel model) {
        this(model, FitDirection.SOURCE_TO_TARGET);
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
            boolean withScale = model == TransformModel.SIMILARITY;
            return Optional.of(direction == FitDirection.SOURCE_TO_TARGET ? Umeyama.fit(from, to, withScale)
                    : Umeyama.fit(to, from, withScale).inverse());
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
