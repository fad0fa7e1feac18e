package org.dfmvr.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EulerRotationTest {
    private static final double EPS = 1e-12;

    @Test
    void givenQuarterTurnAboutZ_whenRotatingXAxis_thenItBecomesYAxis() {
        float[] out = new float[3];
        new EulerRotation(0, 0, Math.PI / 2).rotate(new float[] {1, 0, 0}, out);
        assertArrayEquals(new float[] {0, 1, 0}, out, 1e-6f);
    }

    @Test
    void givenQuarterTurnAboutY_whenRotatingZAxis_thenItBecomesXAxis() {
        float[] out = new float[3];
        new EulerRotation(0, Math.PI / 2, 0).rotate(new float[] {0, 0, 1}, out);
        assertArrayEquals(new float[] {1, 0, 0}, out, 1e-6f);
    }

    @Test
    void givenQuarterTurnAboutX_whenRotatingYAxis_thenItBecomesZAxis() {
        float[] out = new float[3];
        new EulerRotation(Math.PI / 2, 0, 0).rotate(new float[] {0, 1, 0}, out);
        assertArrayEquals(new float[] {0, 0, 1}, out, 1e-6f);
    }

    @Test
    void givenAllThreeAngles_whenBuildingMatrix_thenItIsRzTimesRyTimesRx() {
        // hand-computed: x = y = z = 90 deg -> Rx maps (a,b,c) to (a,-c,b), Ry to (c,b,-a), Rz to (-b,a,c);
        // Rz(Ry(Rx(p))): e_x -> e_x -> -e_z -> -e_z ; e_y -> e_z -> e_x -> e_y ; e_z -> -e_y -> -e_y -> e_x
        double[] r = new EulerRotation(Math.PI / 2, Math.PI / 2, Math.PI / 2).matrix();
        double[] expected = {
            0, 0, 1,
            0, 1, 0,
            -1, 0, 0};
        assertArrayEquals(expected, r, EPS);
    }

    @Test
    void givenSmallGeneralAngles_whenBuildingMatrix_thenItMatchesHandComputedProduct() {
        double x = 0.1, y = -0.2, z = 0.3;
        double[] rx = {1, 0, 0, 0, Math.cos(x), -Math.sin(x), 0, Math.sin(x), Math.cos(x)};
        double[] ry = {Math.cos(y), 0, Math.sin(y), 0, 1, 0, -Math.sin(y), 0, Math.cos(y)};
        double[] rz = {Math.cos(z), -Math.sin(z), 0, Math.sin(z), Math.cos(z), 0, 0, 0, 1};
        assertArrayEquals(mul(rz, mul(ry, rx)), new EulerRotation(x, y, z).matrix(), EPS);
    }

    @Test
    void givenNonFiniteAngle_whenConstructing_thenItIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new EulerRotation(Double.NaN, 0, 0));
    }

    private static double[] mul(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
                }
            }
        }
        return c;
    }

    @Test
    void givenAngles_whenTakingMatrixAndDerivatives_thenRIsTheMatrixAndTheDerivativesMatchFiniteDifferences() {
        double[] angles = {0.3, -0.7, 0.2};
        double[][] m = EulerRotation.matrixAndDerivatives(angles[0], angles[1], angles[2]);
        assertArrayEquals(new EulerRotation(angles[0], angles[1], angles[2]).matrix(), m[0], EPS);
        double h = 1e-6;
        for (int a = 0; a < 3; a++) {
            double[] plus = angles.clone(), minus = angles.clone();
            plus[a] += h;
            minus[a] -= h;
            double[] rp = EulerRotation.matrixAndDerivatives(plus[0], plus[1], plus[2])[0];
            double[] rm = EulerRotation.matrixAndDerivatives(minus[0], minus[1], minus[2])[0];
            for (int i = 0; i < 9; i++) {
                assertEquals((rp[i] - rm[i]) / (2 * h), m[1 + a][i], 1e-8, "dR/d angle " + a + " entry " + i);
            }
        }
    }

    @Test
    void givenANonFiniteAngle_whenTakingMatrixAndDerivatives_thenNaNsInsteadOfAnException() {
        assertThat(EulerRotation.matrixAndDerivatives(Double.NaN, 0, 0)[0][4]).isNaN();
    }
}
