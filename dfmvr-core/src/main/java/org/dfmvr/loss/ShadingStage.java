package org.dfmvr.loss;

import org.dfmvr.lighting.SphericalHarmonics;

/**
 * Stage 4: SH lighting of per-vertex albedo, {@code colour_vc = albedo_vc · Σ_k Y_k(n_v)·(gamma_ck + 0.8·[k=0])}
 * ({@link SphericalHarmonics}, Deep3DFace {@code add_illumination}), with the backward with respect to albedo,
 * normals and gamma. The basis is {@link SphericalHarmonics#basis}; its derivatives use the linear and quadratic
 * factors read off that same basis, so there is one definition of the constants.
 */
final class ShadingStage {
    /** a1·c1: the factor of the linear terms, {@code -Y_3} at n = (1,0,0). */
    private static final double LINEAR;
    /** a2·c2: the factor of the quadratic terms, {@code 2·Y_8} at n = (1,0,0). */
    private static final double QUADRATIC;

    static {
        double[] y = new double[SphericalHarmonics.BANDS];
        SphericalHarmonics.basis(1, 0, 0, y);
        LINEAR = -y[3];
        QUADRATIC = 2 * y[8];
    }

    private ShadingStage() {
    }

    /**
     * @param albedo  [V,3] linear RGB
     * @param normals [V,3] unit normals in the lighting frame
     * @param coeffs  vector holding gamma [27] = [3,9] channel-major at {@code gammaOffset}, without the 0.8
     * @param out     [V,3] shaded colour
     */
    static void forward(double[] albedo, double[] normals, double[] coeffs, int gammaOffset, double[] out) {
        double[] y = new double[SphericalHarmonics.BANDS];
        for (int i = 0; i < albedo.length; i += 3) {
            SphericalHarmonics.basis(normals[i], normals[i + 1], normals[i + 2], y);
            for (int ch = 0; ch < 3; ch++) {
                out[i + ch] = albedo[i + ch] * irradiance(y, coeffs, gammaOffset + ch * SphericalHarmonics.BANDS);
            }
        }
    }

    /**
     * Accumulates gAlbedo [V,3], gNormals [V,3] (either may be null to skip) and grad[gammaOffset..+27] from
     * gOut [V,3].
     */
    static void backward(double[] albedo, double[] normals, double[] coeffs, int gammaOffset, double[] gOut,
                         double[] gAlbedo, double[] gNormals, double[] grad) {
        int bands = SphericalHarmonics.BANDS;
        double[] y = new double[bands];
        double[] gy = new double[bands];
        for (int i = 0; i < albedo.length; i += 3) {
            if (gOut[i] == 0 && gOut[i + 1] == 0 && gOut[i + 2] == 0) {
                continue;
            }
            double nx = normals[i], ny = normals[i + 1], nz = normals[i + 2];
            SphericalHarmonics.basis(nx, ny, nz, y);
            java.util.Arrays.fill(gy, 0);
            for (int ch = 0; ch < 3; ch++) {
                int g = gammaOffset + ch * bands;
                double h = gOut[i + ch] * albedo[i + ch];
                if (gAlbedo != null) {
                    gAlbedo[i + ch] += gOut[i + ch] * irradiance(y, coeffs, g);
                }
                for (int k = 0; k < bands; k++) {
                    grad[g + k] += h * y[k];
                    gy[k] += h * (coeffs[g + k] + (k == 0 ? SphericalHarmonics.INITIAL_DC : 0));
                }
            }
            if (gNormals != null) {
                double l = LINEAR, q = QUADRATIC;
                gNormals[i] += -l * gy[3] + q * (ny * gy[4] - nz * gy[7] + nx * gy[8]);
                gNormals[i + 1] += -l * gy[1] + q * (nx * gy[4] - nz * gy[5] - ny * gy[8]);
                gNormals[i + 2] += l * gy[2] + q * (-ny * gy[5] + Math.sqrt(3.0) * nz * gy[6] - nx * gy[7]);
            }
        }
    }

    private static double irradiance(double[] y, double[] coeffs, int g) {
        double s = y[0] * (coeffs[g] + SphericalHarmonics.INITIAL_DC);
        for (int k = 1; k < SphericalHarmonics.BANDS; k++) {
            s += y[k] * coeffs[g + k];
        }
        return s;
    }
}
