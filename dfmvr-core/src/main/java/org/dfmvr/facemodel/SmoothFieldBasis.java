package org.dfmvr.facemodel;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a basis of smooth, localised per-vertex vector fields with mutually orthogonal columns: each field is a
 * sum of Gaussian radial-basis bumps (centre = a vertex, width sigma in mm, a 3-vector weight), then made orthogonal
 * to the previous columns by modified Gram-Schmidt (re-orthogonalised twice) and scaled so that its largest entry
 * has magnitude {@code peak / (1 + k / decayRank)}. The synthetic model uses it for all three bases and the ICT
 * importer for its texture basis. Deterministic for a given {@link SplittableRandom} state.
 */
final class SmoothFieldBasis {
    /** Chooses the 3-vector weight of one bump centred at vertex {@code centre}. */
    @FunctionalInterface
    interface BumpWeight {
        double[] sample(SplittableRandom rnd, int centre);
    }

    /**
     * @param positionsMm [V,3] vertex positions in mm (distances for the bumps)
     * @param centres     candidate centre vertex ids (0-based)
     * @param fixedFields fields placed first, before the random ones, each [3V]
     * @param rank        number of columns K
     * @param sigmaMm     {min, max} bump width, mm
     * @param bumps       bumps per random field
     * @param weight      bump weight sampler
     * @param peak        largest entry of column 0 (the unit of the basis)
     * @param decayRank   column k has peak {@code peak / (1 + k / decayRank)}
     * @return [3V, K] row-major basis
     */
    static float[] build(float[] positionsMm, int[] centres, List<double[]> fixedFields, int rank, double[] sigmaMm,
            int bumps, BumpWeight weight, SplittableRandom rnd, double peak, double decayRank) {
        int n = positionsMm.length;
        double[][] columns = new double[rank][];
        int k = 0;
        int fixed = 0;
        int attempts = 0;
        while (k < rank) {
            double[] field = fixed < fixedFields.size() ? fixedFields.get(fixed++).clone()
                    : randomField(positionsMm, centres, sigmaMm, bumps, weight, rnd);
            double before = norm(field);
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double d = dot(field, columns[j]) / dot(columns[j], columns[j]);
                    for (int i = 0; i < n; i++) {
                        field[i] -= d * columns[j][i];
                    }
                }
            }
            if (norm(field) > 1e-3 * before && before > 0) {
                columns[k++] = field;
            } else if (++attempts > 10 * rank) {
                throw new IllegalStateException("could not find " + rank + " independent smooth fields on " + n / 3
                        + " vertices; lower the rank or raise the resolution");
            }
        }
        float[] basis = new float[n * rank];
        for (int c = 0; c < rank; c++) {
            double max = 0;
            for (double x : columns[c]) {
                max = Math.max(max, Math.abs(x));
            }
            double scale = peak / (1 + c / decayRank) / max;
            for (int i = 0; i < n; i++) {
                basis[i * rank + c] = (float) (columns[c][i] * scale);
            }
        }
        return basis;
    }

    private static double[] randomField(float[] p, int[] centres, double[] sigmaMm, int bumps, BumpWeight weight,
            SplittableRandom rnd) {
        double[] field = new double[p.length];
        for (int b = 0; b < bumps; b++) {
            int c = centres[rnd.nextInt(centres.length)];
            double sigma = sigmaMm[0] + (sigmaMm[1] - sigmaMm[0]) * rnd.nextDouble();
            double[] w = weight.sample(rnd, c);
            double inv = 1 / (2 * sigma * sigma);
            double cx = p[3 * c], cy = p[3 * c + 1], cz = p[3 * c + 2];
            for (int i = 0; i < p.length; i += 3) {
                double dx = p[i] - cx, dy = p[i + 1] - cy, dz = p[i + 2] - cz;
                double g = Math.exp(-(dx * dx + dy * dy + dz * dz) * inv);
                field[i] += g * w[0];
                field[i + 1] += g * w[1];
                field[i + 2] += g * w[2];
            }
        }
        return field;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
