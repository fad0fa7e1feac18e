package org.dfmvr.lighting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SphericalHarmonicsTest {
    @Test
    void givenZeroGamma_whenShading_thenOnlyTheInitialAmbientRemains() {
        // Y0 = pi * 1/sqrt(4 pi) = sqrt(pi)/2 = 0.886227; irradiance = 0.8 * 0.886227 = 0.708982
        float[] out = SphericalHarmonics.shade(new float[] {0.5f, 1f, 0.25f}, new float[] {0, 0, 1}, new float[27]);
        assertArrayEquals(new float[] {0.354491f, 0.708982f, 0.177245f}, out, 1e-5f);
    }

    @Test
    void givenNormalAlongZ_whenComputingBasis_thenValuesMatchHandComputation() {
        double[] y = new double[9];
        SphericalHarmonics.basis(0, 0, 1, y);
        // a1*c1 = (2 pi/sqrt3)(sqrt3/sqrt(4 pi)) = sqrt(pi) = 1.772454; a2*c2 = (2pi/sqrt8)(3 sqrt5/sqrt(12 pi))
        // = 2.427032; Y6 = a2c2 * 0.5/sqrt3 * 2 = 1.401248
        assertArrayEquals(new double[] {0.886227, 0, 1.772454, 0, 0, 0, 1.401248, 0, 0}, y, 1e-6);
    }

    @Test
    void givenDiagonalNormal_whenComputingBasis_thenCrossTermsMatchHandComputation() {
        double s = 1 / Math.sqrt(3);
        double[] y = new double[9];
        SphericalHarmonics.basis(s, s, s, y);
        // Y1 = Y3 = -sqrt(pi)/sqrt3 = -1.023327; Y2 = +1.023327; Y4 = 2.427032/3 = 0.809011; Y5 = Y7 = -0.809011;
        // Y6 = 0 (3 nz^2 - 1 = 0); Y8 = 0 (nx = ny)
        assertArrayEquals(new double[] {0.886227, -1.023327, 1.023327, -1.023327, 0.809011, -0.809011, 0, -0.809011,
            0}, y, 1e-6);
    }

    @Test
    void givenChannelSpecificGamma_whenShading_thenEachChannelUsesItsOwnNineCoefficients() {
        float[] gamma = new float[27];
        gamma[9 + 2] = 0.5f; // green channel, Y2 (nz term)
        gamma[18] = -0.8f;   // blue channel DC cancels the initial 0.8
        float[] out = SphericalHarmonics.shade(new float[] {1, 1, 1}, new float[] {0, 0, 1}, gamma);
        assertEquals(0.708982f, out[0], 1e-5f);
        assertEquals(0.708982f + 0.5f * 1.772454f, out[1], 1e-5f);
        assertEquals(0f, out[2], 1e-6f);
    }

    @Test
    void givenWrongGammaLength_whenShading_thenErrorSaysExpectedAndActual() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SphericalHarmonics.shade(new float[3], new float[3], new float[9]));
        assertEquals("gamma must have 27 values ([3,9]), got 9", e.getMessage());
    }
}
