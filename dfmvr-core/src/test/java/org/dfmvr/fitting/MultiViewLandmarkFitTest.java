package org.dfmvr.fitting;

import org.dfmvr.camera.PerspectiveCamera;
import org.dfmvr.camera.RigidPose;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.facemodel.SyntheticFaceModel;
import org.dfmvr.geometry.Umeyama;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiViewLandmarkFitTest {
    private static final int IMAGE = 64;
    private static final float[] YAWS = {-0.5f, 0f, 0.5f};
    /** Near-exact landmarks: the optimiser has to reach the data (the prior barely pulls). */
    private static final LandmarkFitSettings SETTINGS = new LandmarkFitSettings(true, 50, 0.01, 1.0, 1.0);
    /** The shipped default noise model. */
    private static final LandmarkFitSettings ONE_PIXEL = new LandmarkFitSettings(true, 50, 1.0, 1.0, 1.0);

    private static MorphableModel model;
    private static PerspectiveCamera camera;

    @BeforeAll
    static void buildModel() {
        model = SyntheticFaceModel.build(SyntheticFaceModel.Settings.defaults(7));
        camera = PerspectiveCamera.deep3dFace(IMAGE, model.unit());
    }

    @Test
    void givenExactLandmarksOfThreeViews_whenFittingFromTheMeanFace_thenTheIdentityIsRecovered() {
        Random rng = new Random(11);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = observe(id, exp, YAWS, rng, true);

        LandmarkFitResult fit = new MultiViewLandmarkFit(model, camera, SETTINGS)
                .fit(new float[model.idRank()], new float[model.expRank()], views);

        double meanFaceError = landmarkRms(new float[model.idRank()], new float[model.expRank()], id, exp);
        double fittedError = landmarkRms(fit.id(), fit.exp(), id, exp);
        assertThat(fit.initialRmsPx()).isGreaterThan(1.0);
        assertThat(fit.finalRmsPx()).isLessThan(0.01);
        assertThat(fittedError).isLessThan(0.3 * meanFaceError);
    }

    @Test
    void givenOnePixelNoiseModel_whenFitting_thenThePriorTradesAFractionOfAPixelForASmallerIdentity() {
        Random rng = new Random(11);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = observe(id, exp, YAWS, rng, true);

        LandmarkFitResult fit = new MultiViewLandmarkFit(model, camera, ONE_PIXEL)
                .fit(new float[model.idRank()], new float[model.expRank()], views);

        double meanFaceError = landmarkRms(new float[model.idRank()], new float[model.expRank()], id, exp);
        assertThat(fit.finalRmsPx()).isBetween(0.01, 0.5);
        assertThat(landmarkRms(fit.id(), fit.exp(), id, exp)).isLessThan(0.6 * meanFaceError);
    }

    @Test
    void givenTheTruthAsStart_whenFitting_thenTheReprojectionErrorDoesNotGrow() {
        Random rng = new Random(5);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = observe(id, exp, YAWS, rng, false);

        LandmarkFitResult fit = new MultiViewLandmarkFit(model, camera, SETTINGS).fit(id, exp, views);

        assertThat(fit.initialRmsPx()).isLessThan(1e-4);
        assertThat(fit.finalRmsPx()).isLessThanOrEqualTo(fit.initialRmsPx() + 5e-3);
    }

    @Test
    void givenLandmarksMarkedMissing_whenFitting_thenOnlyTheFiniteOnesCount() {
        Random rng = new Random(3);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = observe(id, exp, YAWS, rng, true);
        float[] damaged = views.get(0).landmarks68();
        Arrays.fill(damaged, 0, 34, Float.NaN);

        LandmarkFitResult fit = new MultiViewLandmarkFit(model, camera, SETTINGS)
                .fit(new float[model.idRank()], new float[model.expRank()], views);

        assertThat(fit.finalRmsPx()).isFinite().isLessThan(0.01);
    }

    @Test
    void givenOneView_whenFitting_thenItsPoseAndLandmarksFit() {
        Random rng = new Random(9);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = observe(id, exp, new float[] {0.3f}, rng, true);

        LandmarkFitResult fit = new MultiViewLandmarkFit(model, camera, SETTINGS)
                .fit(new float[model.idRank()], new float[model.expRank()], views);

        assertThat(fit.rotations()).hasDimensions(1, 3);
        assertThat(fit.finalRmsPx()).isLessThan(0.1 * fit.initialRmsPx());
    }

    @Test
    void givenNoViewsOrWrongRanks_whenFitting_thenItRefusesWithTheReason() {
        MultiViewLandmarkFit fit = new MultiViewLandmarkFit(model, camera, SETTINGS);
        assertThatThrownBy(() -> fit.fit(new float[model.idRank()], new float[model.expRank()], List.of()))
                .hasMessageContaining("at least one view");
        assertThatThrownBy(() -> fit.fit(new float[3], new float[model.expRank()],
                observe(new float[model.idRank()], new float[model.expRank()], YAWS, new Random(1), false)))
                .hasMessageContaining("80 identity");
        assertThatThrownBy(() -> new LandmarkFitSettings(true, 10, 0, 1, 1))
                .hasMessageContaining("landmark-sigma-px");
    }

    /** The 68 landmarks of (id, exp) seen by each yaw; the start poses are perturbed when {@code perturb}. */
    private static List<MultiViewLandmarkFit.View> observe(float[] id, float[] exp, float[] yaws, Random rng,
                                                           boolean perturb) {
        float[] landmarks = model.landmarks68(model.shape(id, exp));
        List<MultiViewLandmarkFit.View> views = new ArrayList<>();
        for (float yaw : yaws) {
            float[] angles = {0.05f, yaw, -0.03f};
            float[] translation = {(float) rng.nextGaussian(), (float) rng.nextGaussian(), 0};
            float[] uv = camera.project(RigidPose.of(angles, translation).apply(landmarks));
            float[] startAngles = angles.clone(), startTranslation = translation.clone();
            if (perturb) {
                startAngles[1] += 0.1f;
                startTranslation[0] += 0.5f;
            }
            views.add(new MultiViewLandmarkFit.View(uv, startAngles, startTranslation));
        }
        return views;
    }

    /** RMS vertex distance between two coefficient sets' shapes after a similarity alignment (as eval), model units. */
    private static double landmarkRms(float[] id, float[] exp, float[] trueId, float[] trueExp) {
        double[] a = toDouble(model.shape(id, exp)), b = toDouble(model.shape(trueId, trueExp));
        double[] aligned = Umeyama.fit(a, b, true).apply(a);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (aligned[i] - b[i]) * (aligned[i] - b[i]);
        }
        return Math.sqrt(sum / (a.length / 3));
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static float[] gaussian(Random rng, int n, double sigma) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (sigma * rng.nextGaussian());
        }
        return v;
    }
}
