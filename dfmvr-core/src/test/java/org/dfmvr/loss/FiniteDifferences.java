package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.ToDoubleFunction;

/** Central finite differences in double, the oracle of every hand-written backward in this package. */
final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /** dF/dx_i by central differences with step eps, for every i. */
    static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double eps) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + eps;
            double up = f.applyAsDouble(x);
            x[i] = keep - eps;
            double down = f.applyAsDouble(x);
            x[i] = keep;
            g[i] = (up - down) / (2 * eps);
        }
        return g;
    }

    /** Every component agrees to {@code |a - n| <= tol · max(1, |n|)}. */
    static void assertClose(String what, double[] analytic, double[] numeric, double tol) {
        assertThat(analytic).hasSameSizeAs(numeric);
        for (int i = 0; i < analytic.length; i++) {
            double err = Math.abs(analytic[i] - numeric[i]);
            assertThat(err).as("%s[%d]: analytic %s vs numeric %s", what, i, analytic[i], numeric[i])
                    .isLessThanOrEqualTo(tol * Math.max(1, Math.abs(numeric[i])));
        }
    }

    /** Deterministic values in [-scale, scale]. */
    static double[] random(java.util.Random r, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (2 * r.nextDouble() - 1) * scale;
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
