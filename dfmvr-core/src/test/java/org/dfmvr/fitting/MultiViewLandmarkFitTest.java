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
        assertThat(fit.views()).extracting(LandmarkFitResult.ViewReport::landmarksUsed).containsExactly(51, 68, 68);
    }

    @Test
    void givenEachLossAndAPriorWeight_whenDifferentiated_thenTheGradientMatchesCentralDifferences() {
        Random rng = new Random(21);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = withOutliers(observe(id, exp, YAWS, rng, true), rng, 8, 12);
        double[] x = start(gaussian(rng, model.idRank(), 0.3), gaussian(rng, model.expRank(), 0.3), views);
        for (LandmarkFitSettings.RobustLoss loss : LandmarkFitSettings.RobustLoss.values()) {
            MultiViewLandmarkFit fit = new MultiViewLandmarkFit(model, camera,
                    ONE_PIXEL.withRobust(loss, 3).withPriorWeight(2.5));
            double[] analytic = fit.halfGradient(views, x);
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                double h = 1e-5 * Math.max(1, Math.abs(x[i]));
                double[] up = x.clone(), down = x.clone();
                up[i] += h;
                down[i] -= h;
                double numeric = (fit.objective(views, up) - fit.objective(views, down)) / (4 * h);
                worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
            }
            assertThat(worst).as("%s: worst relative gradient error", loss).isLessThan(1e-4);
        }
    }

    @Test
    void givenPointsSetAsideByTheDetectorWithWeightZero_whenFitting_thenTheyPullNothingAndAreNotCounted() {
        Random rng = new Random(5);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = new ArrayList<>();
        for (MultiViewLandmarkFit.View v : observe(id, exp, YAWS, rng, true)) {
            // the far-side jaw 25 px off, as a detector puts it on the silhouette, and weighted 0
            float[] l = v.landmarks68().clone();
            float[] w = new float[MorphableModel.LANDMARK_COUNT];
            Arrays.fill(w, 1f);
            for (int k = 0; k <= 6; k++) {
                l[2 * k] += 25f;
                w[k] = 0f;
            }
            views.add(new MultiViewLandmarkFit.View(l, w, v.rotation(), v.translation()));
        }

        LandmarkFitResult fit = new MultiViewLandmarkFit(model, camera, SETTINGS)
                .fit(new float[model.idRank()], new float[model.expRank()], views);

        assertThat(fit.finalRmsPx()).isFinite().isLessThan(0.01);
        assertThat(fit.views()).extracting(LandmarkFitResult.ViewReport::landmarksUsed).containsExactly(61, 61, 61);
        assertThat(views.get(0).observed()[0]).isNaN();
        assertThat(views.get(0).landmarks68()[0]).isFinite();
    }

    @Test
    void givenOutlierLandmarks_whenFittedRobustly_thenTheShapeIsCloserThanWithTheSquaredLoss() {
        Random rng = new Random(17);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = withOutliers(observe(id, exp, YAWS, rng, true), rng, 8, 15);
        float[] zeroId = new float[model.idRank()], zeroExp = new float[model.expRank()];

        LandmarkFitResult squared = new MultiViewLandmarkFit(model, camera, ONE_PIXEL).fit(zeroId, zeroExp, views);
        LandmarkFitResult huber = new MultiViewLandmarkFit(model, camera,
                ONE_PIXEL.withRobust(LandmarkFitSettings.RobustLoss.HUBER, 3)).fit(zeroId, zeroExp, views);
        LandmarkFitResult tukey = new MultiViewLandmarkFit(model, camera,
                ONE_PIXEL.withRobust(LandmarkFitSettings.RobustLoss.TUKEY, 3)).fit(zeroId, zeroExp, views);

        double eSquared = landmarkRms(squared.id(), squared.exp(), id, exp);
        double eHuber = landmarkRms(huber.id(), huber.exp(), id, exp);
        double eTukey = landmarkRms(tukey.id(), tukey.exp(), id, exp);
        System.out.printf("landmark fit with 8 of 68 landmarks per view 15 px off: shape error squared %.3f, huber"
                + " %.3f, tukey %.3f (model units); tukey views beyond scale %s%n", eSquared, eHuber, eTukey,
                tukey.views().stream().map(LandmarkFitResult.ViewReport::beyondScale).toList());
        assertThat(eHuber).isLessThan(eSquared);
        assertThat(eTukey).isLessThan(eHuber);
        for (LandmarkFitResult.ViewReport v : tukey.views()) {
            assertThat(v.landmarksUsed()).isEqualTo(68);
            assertThat(v.beyondScale()).isGreaterThanOrEqualTo(8);
            assertThat(v.finalMaxPx()).isGreaterThan(10);
        }
        assertThat(squared.views()).allSatisfy(v -> assertThat(v.beyondScale()).isZero());
    }

    @Test
    void givenAStrongerPrior_whenFitting_thenTheIdentityShrinksAndTheLandmarkErrorGrows() {
        Random rng = new Random(11);
        float[] id = gaussian(rng, model.idRank(), 1.0), exp = gaussian(rng, model.expRank(), 0.6);
        List<MultiViewLandmarkFit.View> views = observe(id, exp, YAWS, rng, true);
        float[] zeroId = new float[model.idRank()], zeroExp = new float[model.expRank()];

        LandmarkFitResult weak = new MultiViewLandmarkFit(model, camera, ONE_PIXEL.withPriorWeight(0.1))
                .fit(zeroId, zeroExp, views);
        LandmarkFitResult strong = new MultiViewLandmarkFit(model, camera, ONE_PIXEL.withPriorWeight(10))
                .fit(zeroId, zeroExp, views);

        assertThat(norm(strong.id())).isLessThan(norm(weak.id()));
        assertThat(strong.finalRmsPx()).isGreaterThan(weak.finalRmsPx());
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

    /** The same views with {@code count} distinct landmarks per view moved {@code px} pixels in a random direction. */
    private static List<MultiViewLandmarkFit.View> withOutliers(List<MultiViewLandmarkFit.View> views, Random rng,
                                                                int count, double px) {
        List<MultiViewLandmarkFit.View> out = new ArrayList<>();
        for (MultiViewLandmarkFit.View v : views) {
            float[] l = v.landmarks68().clone();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < MorphableModel.LANDMARK_COUNT; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, rng);
            for (int k = 0; k < count; k++) {
                int i = order.get(k);
                double a = 2 * Math.PI * rng.nextDouble();
                l[2 * i] += (float) (px * Math.cos(a));
                l[2 * i + 1] += (float) (px * Math.sin(a));
            }
            out.add(new MultiViewLandmarkFit.View(l, v.rotation(), v.translation()));
        }
        return out;
    }

    /** The fit's parameter vector: coefficients, then each view's start angles and translation. */
    private static double[] start(float[] id, float[] exp, List<MultiViewLandmarkFit.View> views) {
        double[] x = new double[id.length + exp.length + 6 * views.size()];
        for (int j = 0; j < id.length; j++) {
            x[j] = id[j];
        }
        for (int j = 0; j < exp.length; j++) {
            x[id.length + j] = exp[j];
        }
        for (int v = 0; v < views.size(); v++) {
            for (int c = 0; c < 3; c++) {
                x[id.length + exp.length + 6 * v + c] = views.get(v).rotation()[c];
                x[id.length + exp.length + 6 * v + 3 + c] = views.get(v).translation()[c];
            }
        }
        return x;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f * f;
        }
        return Math.sqrt(s);
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
