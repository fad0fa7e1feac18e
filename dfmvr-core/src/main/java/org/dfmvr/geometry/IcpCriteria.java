package org.dfmvr.geometry;

/**
 * ICP settings: stopping criteria and robustness options. Validated at construction; errors name the field.
 *
 * @param maxIterations             most transform updates, &gt;= 1 (default 50)
 * @param relativeRmseChange        stop when |rmse_prev - rmse| &lt;= this * rmse_prev, in [0, 1) (default 1e-6)
 * @param maxCorrespondenceDistance pairs farther apart are ignored, in the target unit, &gt; 0 or
 *                                  {@code Double.POSITIVE_INFINITY} (default: no limit)
 * @param trimFraction              fraction of the remaining pairs with the largest distances dropped each
 *                                  iteration, in [0, 1) (Trimmed ICP, Chetverikov et al. 2002; default 0)
 * @param minCorrespondences        fewer selected pairs end the run as {@link IcpResult.Termination#TOO_FEW_CORRESPONDENCES},
 *                                  &gt;= 3 (default 10)
 */
public record IcpCriteria(int maxIterations, double relativeRmseChange, double maxCorrespondenceDistance,
                          double trimFraction, int minCorrespondences) {
    public static final IcpCriteria DEFAULTS = new IcpCriteria(50, 1e-6, Double.POSITIVE_INFINITY, 0, 10);

    public IcpCriteria {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(relativeRmseChange >= 0 && relativeRmseChange < 1)) {
            throw new IllegalArgumentException("relativeRmseChange must be in [0,1), got " + relativeRmseChange);
        }
        if (!(maxCorrespondenceDistance > 0)) {
            throw new IllegalArgumentException("maxCorrespondenceDistance must be > 0 (or +Infinity), got "
                    + maxCorrespondenceDistance);
        }
        if (!(trimFraction >= 0 && trimFraction < 1)) {
            throw new IllegalArgumentException("trimFraction must be in [0,1), got " + trimFraction);
        }
        if (minCorrespondences < 3) {
            throw new IllegalArgumentException("minCorrespondences must be >= 3, got " + minCorrespondences);
        }
    }

    public IcpCriteria withMaxIterations(int value) {
        return new IcpCriteria(value, relativeRmseChange, maxCorrespondenceDistance, trimFraction, minCorrespondences);
    }

    public IcpCriteria withRelativeRmseChange(double value) {
        return new IcpCriteria(maxIterations, value, maxCorrespondenceDistance, trimFraction, minCorrespondences);
    }

    public IcpCriteria withMaxCorrespondenceDistance(double value) {
        return new IcpCriteria(maxIterations, relativeRmseChange, value, trimFraction, minCorrespondences);
    }

    public IcpCriteria withTrimFraction(double value) {
        return new IcpCriteria(maxIterations, relativeRmseChange, maxCorrespondenceDistance, value, minCorrespondences);
    }
}
