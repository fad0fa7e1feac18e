package org.dfmvr.lighting;

/**
 * Second-order spherical-harmonics (SH) lighting of a Lambertian surface, Deep3DFace's and DF-MVR's
 * {@code add_illumination}/{@code illumination_layer} (Ramamoorthi &amp; Hanrahan 2001; reference §1.3 and §3).
 *
 * <p>gamma has 27 numbers laid out [3 channels, 9] channel-major (R0..R8, G0..G8, B0..B8); {@link #INITIAL_DC}
 * (0.8) is added to coefficient 0 of every channel before use, as Deep3DFace's {@code init_lit}. For a unit normal
 * n the 9 basis values are
 * {@code Y = [a0c0, -a1c1·ny, a1c1·nz, -a1c1·nx, a2c2·nx·ny, -a2c2·ny·nz, a2c2·(0.5/√3)·(3nz²-1), -a2c2·nx·nz,
 * a2c2·0.5·(nx²-ny²)]} with a0 = π, a1 = 2π/√3, a2 = 2π/√8, c0 = 1/√(4π), c1 = √3/√(4π), c2 = 3√5/√(12π),
 * and the shaded colour per channel is {@code albedo_ch · (Y · (gamma_ch + initial))}.
 */
public final class SphericalHarmonics {
    /** 9 SH coefficients for each of R, G, B. */
    public static final int COEFFICIENT_COUNT = 27;
    /** Coefficients per colour channel. */
    public static final int BANDS = 9;
    /** Added to coefficient 0 of each channel (Deep3DFace {@code init_lit}). */
    public static final double INITIAL_DC = 0.8;

    static final double A0 = Math.PI;
    static final double A1 = 2 * Math.PI / Math.sqrt(3.0);
    static final double A2 = 2 * Math.PI / Math.sqrt(8.0);
    static final double C0 = 1 / Math.sqrt(4 * Math.PI);
    static final double C1 = Math.sqrt(3.0) / Math.sqrt(4 * Math.PI);
    static final double C2 = 3 * Math.sqrt(5.0) / Math.sqrt(12 * Math.PI);

    private SphericalHarmonics() {
    }

    /** The 9 basis values Y(n) for a unit normal (nx, ny, nz), written into out[0..8]. */
    public static void basis(double nx, double ny, double nz, double[] out) {
        out[0] = A0 * C0;
        out[1] = -A1 * C1 * ny;
        out[2] = A1 * C1 * nz;
        out[3] = -A1 * C1 * nx;
        out[4] = A2 * C2 * nx * ny;
        out[5] = -A2 * C2 * ny * nz;
        out[6] = A2 * C2 * 0.5 / Math.sqrt(3.0) * (3 * nz * nz - 1);
        out[7] = -A2 * C2 * nx * nz;
        out[8] = A2 * C2 * 0.5 * (nx * nx - ny * ny);
    }

    /**
     * Shades per-vertex albedo with SH lighting.
     *
     * @param albedo  [V,3] linear RGB (any scale; the result has the same scale)
     * @param normals [V,3] unit normals in the frame the lighting is expressed in (camera frame for Deep3DFace)
     * @param gamma   [27] = [3,9] channel-major, without the 0.8 initial value (it is added here)
     * @param out     [V,3] shaded colour; may be {@code albedo}
     */
    public static void shade(float[] albedo, float[] normals, float[] gamma, float[] out) {
        if (gamma.length != COEFFICIENT_COUNT) {
            throw new IllegalArgumentException("gamma must have " + COEFFICIENT_COUNT + " values ([3,9]), got "
                    + gamma.length);
        }
        if (albedo.length % 3 != 0 || normals.length != albedo.length || out.length != albedo.length) {
            throw new IllegalArgumentException("albedo, normals and out must all be [V,3] of one V, got lengths "
                    + albedo.length + ", " + normals.length + ", " + out.length);
        }
        double[] y = new double[BANDS];
        for (int i = 0; i < albedo.length; i += 3) {
            basis(normals[i], normals[i + 1], normals[i + 2], y);
            for (int ch = 0; ch < 3; ch++) {
                int g = ch * BANDS;
                double irradiance = y[0] * (gamma[g] + INITIAL_DC);
                for (int k = 1; k < BANDS; k++) {
                    irradiance += y[k] * gamma[g + k];
                }
                out[i + ch] = (float) (albedo[i + ch] * irradiance);
            }
        }
    }

    /** Shaded copy of {@code albedo} [V,3]. */
    public static float[] shade(float[] albedo, float[] normals, float[] gamma) {
        float[] out = new float[albedo.length];
        shade(albedo, normals, gamma, out);
        return out;
    }
}
