package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dfmvr.loss.FiniteDifferences.assertClose;
import static org.dfmvr.loss.FiniteDifferences.dot;
import static org.dfmvr.loss.FiniteDifferences.gradient;
import static org.dfmvr.loss.FiniteDifferences.random;

import java.util.Random;
import org.dfmvr.camera.EulerRotation;
import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.facemodel.LengthUnit;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.lighting.SphericalHarmonics;
import org.dfmvr.mesh.MeshNormals;
import org.junit.jupiter.api.Test;

/**
 * Each stage's hand-written backward equals central finite differences of its forward (double, eps 1e-6), for the
 * scalar {@code <gOut, forward(x)>} with a random gOut.
 */
class StageBackwardTest {
    private static final double EPS = 1e-6;
    private static final double TOL = 1e-6;
    private final Random random = new Random(42);

    @Test
    void givenIdExpTexCoefficients_whenDecoded_thenBackwardIsTheTransposedBasis() {
        MorphableModel m = SyntheticSubject.smallModel();
        FaceDecoder d = new FaceDecoder(m);
        int k = m.idRank() + m.expRank() + m.texRank();
        double[] c = random(random, k, 1);
        double[] gShape = random(random, 3 * m.vertexCount(), 1);
        double[] gAlbedo = random(random, 3 * m.vertexCount(), 1);
        int tex = m.idRank() + m.expRank();
        double[] analytic = new double[k];
        d.shapeBackward(gShape, 0, m.idRank(), analytic);
        d.albedoBackward(gAlbedo, tex, analytic);
        double[] numeric = gradient(x -> {
            double[] s = new double[3 * m.vertexCount()];
            double[] a = new double[3 * m.vertexCount()];
            d.shape(x, 0, m.idRank(), s);
            d.albedo(x, tex, a);
            return dot(gShape, s) + dot(gAlbedo, a);
        }, c, 1e-2); // linear: a large step is exact and keeps the rounding of the 100 mm mean shape out
        assertClose("decoder", analytic, numeric, TOL);
    }

    @Test
    void givenDecodedShape_whenComparedWithMorphableModel_thenTheyAgree() {
        MorphableModel m = SyntheticSubject.smallModel();
        float[] id = {0.5f, -1f, 0.3f, 0, 0, 2f};
        float[] exp = {1f, 0, -0.5f, 0.2f};
        double[] c = new double[10];
        for (int i = 0; i < 6; i++) {
            c[i] = id[i];
        }
        for (int i = 0; i < 4; i++) {
            c[6 + i] = exp[i];
        }
        double[] s = new double[3 * m.vertexCount()];
        new FaceDecoder(m).shape(c, 0, 6, s);
        float[] expected = m.shape(id, exp);
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void givenAngles_whenRotationBuilt_thenItIsEulerRotationsMatrix() {
        double[] a = {0.3, -0.7, 1.1};
        double[] expected = new EulerRotation(a[0], a[1], a[2]).matrix();
        assertClose("R", new RigidStage(a, 0).r, expected, 1e-15);
    }

    @Test
    void givenPointsAnglesAndTranslation_whenPosed_thenBackwardMatchesFiniteDifferences() {
        int n = 5;
        double[] x = random(random, 15 + 6, 2);
        double[] gOut = random(random, 15, 1);
        RigidStage at = new RigidStage(x, 15);
        double[] analytic = new double[x.length];
        double[] gPoints = new double[15];
        at.backward(java.util.Arrays.copyOf(x, 15), gOut, gPoints, analytic, 15, 18);
        System.arraycopy(gPoints, 0, analytic, 0, 15);
        double[] numeric = gradient(v -> {
            double[] out = new double[3 * n];
            new RigidStage(v, 15).forward(java.util.Arrays.copyOf(v, 15), v, 18, out);
            return dot(gOut, out);
        }, x, EPS);
        assertClose("pose", analytic, numeric, TOL);
    }

    @Test
    void givenAMesh_whenNormalsComputed_thenTheyEqualMeshNormalsAndBackwardMatchesFiniteDifferences() {
        MorphableModel m = SyntheticSubject.smallModel();
        int[] tris = m.triangles();
        float[] meanF = m.meanShape();
        double[] pos = new double[meanF.length];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = meanF[i] + 0.5 * random.nextGaussian();
        }
        float[] posF = new float[pos.length];
        for (int i = 0; i < pos.length; i++) {
            posF[i] = (float) pos[i];
        }
        float[] expected = new float[pos.length];
        MeshNormals.vertexNormals(posF, tris, expected);
        double[] sums = new double[pos.length];
        double[] normals = new double[pos.length];
        NormalStage.forward(pos, tris, sums, normals);
        for (int i = 0; i < pos.length; i++) {
            assertThat(normals[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4));
        }
        double[] gN = random(random, pos.length, 1);
        double[] analytic = new double[pos.length];
        NormalStage.backward(pos, tris, sums, normals, gN, analytic);
        double[] numeric = gradient(p -> {
            double[] s = new double[p.length];
            double[] nn = new double[p.length];
            NormalStage.forward(p, tris, s, nn);
            return dot(gN, nn);
        }, pos, EPS);
        assertClose("normals", analytic, numeric, 1e-5);
    }

    @Test
    void givenAlbedoNormalsAndGamma_whenShaded_thenItEqualsSphericalHarmonicsAndBackwardMatches() {
        int v = 6;
        double[] x = new double[3 * v + 3 * v + 27];
        System.arraycopy(random(random, 3 * v, 1), 0, x, 0, 3 * v);
        for (int i = 0; i < v; i++) {
            double[] n = random(random, 3, 1);
            double len = Math.sqrt(dot(n, n));
            for (int a = 0; a < 3; a++) {
                x[3 * v + 3 * i + a] = n[a] / len;
            }
        }
        System.arraycopy(random(random, 27, 0.5), 0, x, 6 * v, 27);
        double[] albedo = java.util.Arrays.copyOfRange(x, 0, 3 * v);
        double[] normals = java.util.Arrays.copyOfRange(x, 3 * v, 6 * v);
        double[] out = new double[3 * v];
        ShadingStage.forward(albedo, normals, x, 6 * v, out);
        float[] expected = SphericalHarmonics.shade(toFloat(albedo), toFloat(normals),
                toFloat(java.util.Arrays.copyOfRange(x, 6 * v, 6 * v + 27)));
        for (int i = 0; i < out.length; i++) {
            assertThat(out[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
        }
        double[] gOut = random(random, 3 * v, 1);
        double[] analytic = new double[x.length];
        double[] gA = new double[3 * v];
        double[] gNrm = new double[3 * v];
        ShadingStage.backward(albedo, normals, x, 6 * v, gOut, gA, gNrm, analytic);
        System.arraycopy(gA, 0, analytic, 0, 3 * v);
        System.arraycopy(gNrm, 0, analytic, 3 * v, 3 * v);
        double[] numeric = gradient(p -> {
            double[] o = new double[3 * v];
            ShadingStage.forward(java.util.Arrays.copyOfRange(p, 0, 3 * v),
                    java.util.Arrays.copyOfRange(p, 3 * v, 6 * v), p, 6 * v, o);
            return dot(gOut, o);
        }, x, EPS);
        assertClose("shading", analytic, numeric, TOL);
    }

    @Test
    void givenCameraSpacePoints_whenProjected_thenItEqualsPerspectiveCameraAndBackwardMatches() {
        PerspectiveCamera cam = PerspectiveCamera.deep3dFace(24, LengthUnit.MM);
        ProjectionStage proj = new ProjectionStage(cam);
        double[] pts = random(random, 12, 80);
        double[] uv = new double[8];
        proj.forward(pts, uv, null);
        float[] expected = cam.project(toFloat(pts));
        for (int i = 0; i < uv.length; i++) {
            assertThat(uv[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3));
        }
        double[] gUv = random(random, 8, 1);
        double[] analytic = new double[12];
        proj.backward(pts, gUv, analytic);
        double[] numeric = gradient(p -> {
            double[] o = new double[8];
            proj.forward(p, o, null);
            return dot(gUv, o);
        }, pts, 1e-4);
        assertClose("projection", analytic, numeric, TOL);
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
