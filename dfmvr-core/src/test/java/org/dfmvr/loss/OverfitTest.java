package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.Umeyama;
import org.dfmvr.nn.DfmvrNetworkBuilder;
import org.dfmvr.nn.NetworkSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Overfit (issue #9 check): one synthetic subject (3 views, 64x64, rendered by the forward renderer from known
 * coefficients of the default synthface model), the project's {@code tiny} preset graph ({@link DfmvrNetworkBuilder},
 * as the train job builds it) with {@link WeakSupervisionLoss} on weak losses only (photo, 2D landmarks, priors; no
 * 3D landmarks, no coefficient supervision). Given training, then the front-face mesh error (similarity-aligned RMSE
 * against the ground-truth mesh) falls by at least 50% and the photo and 2D landmark terms by at least 80%. The
 * mask-on variant (a tiny random parse net) checks that the mask term has a gradient and falls.
 */
@Tag("slow")
class OverfitTest {
    private static final String MODEL = "synthface";
    private static final NetworkSpec SPEC = NetworkSpec.tiny();
    private static final int IMAGE = SPEC.imageSize();
    private static final int STEPS = 200;
    private static final int MASK_STEPS = 60;
    /**
     * Adam from 3e-3 decaying by 0.99 a step: at a constant 1e-3 or 2e-3 the single-example fit keeps oscillating
     * (measured: lm2d between 1.3 and 45 px from one 25-step check to the next), the decay lets it settle.
     */
    private static final ISchedule LEARNING_RATE = new ExponentialSchedule(ScheduleType.ITERATION, 3e-3, 0.99);

    @Test
    void givenOneSubject_whenTheTinyGraphTrainsWithWeakLossesOnly_thenMeshPhotoAndLandmarkErrorsFall() {
        Run run = new Run(ObjectiveSettings.defaults(IMAGE, 3)
                .withWeights(LossWeights.official().withoutMask().withLm3d(0)));
        double[] start = run.measure();
        long t0 = System.nanoTime();
        run.fit(STEPS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] end = run.measure();
        System.out.printf("overfit tiny preset, %s, %d steps in %.0f s: mesh RMSE %.3f -> %.3f mm (%.0f%% down), "
                        + "photo %.5f -> %.5f (%.0f%% down), lm2d %.3f -> %.3f px (%.0f%% down)%n", MODEL, STEPS,
                seconds, start[0], end[0], drop(start[0], end[0]), start[1], end[1], drop(start[1], end[1]),
                start[2], end[2], drop(start[2], end[2]));
        assertThat(drop(start[0], end[0])).as("mesh RMSE reduction, %").isGreaterThanOrEqualTo(50);
        assertThat(drop(start[1], end[1])).as("photo reduction, %").isGreaterThanOrEqualTo(80);
        assertThat(drop(start[2], end[2])).as("2D landmark reduction, %").isGreaterThanOrEqualTo(80);
    }

    @Test
    void givenTheMaskTermOn_whenTheTinyGraphTrains_thenTheMaskTermHasAGradientAndFalls() {
        Run run = new Run(ObjectiveSettings.defaults(IMAGE, 3).withMask(1, TinyParseNet.stored(IMAGE))
                .withWeights(LossWeights.official().withLm3d(0)));
        WeakObjective maskOnly = new WeakObjective(run.objective.model(), ObjectiveSettings.defaults(IMAGE, 3)
                .withMask(1, run.loss.settings().parseNetPath()).withWeights(new LossWeights(0, 0, 0, 0, 0, 1, 0)));
        double[] gradient = new double[run.objective.coeffLayout().size()];
        double startMask = maskOnly.evaluate(run.predicted(), 0, run.labelRow, 0, gradient).mask();
        double norm = 0;
        for (double g : gradient) {
            norm += g * g;
        }
        run.fit(MASK_STEPS);
        double endMask = maskOnly.evaluate(run.predicted(), 0, run.labelRow, 0, null).mask();
        System.out.printf("overfit tiny preset with the mask term, %d steps: mask %.5f -> %.5f, |d mask/d coeffs| at "
                + "start %.3g%n", MASK_STEPS, startMask, endMask, Math.sqrt(norm));
        assertThat(Math.sqrt(norm)).as("mask gradient norm").isGreaterThan(0);
        assertThat(endMask).as("mask term after training").isLessThan(startMask);
    }

    private static double drop(double from, double to) {
        return 100 * (1 - to / from);
    }

    /** The subject, its labels and network inputs, and the tiny graph training on them. */
    private static final class Run {
        final WeakSupervisionLoss loss;
        final WeakObjective objective;
        final double[] truth;
        final double[] labelRow;
        final MultiDataSet data;
        final ComputationGraph graph;

        Run(ObjectiveSettings settings) {
            loss = new WeakSupervisionLoss(MODEL, settings);
            objective = loss.objective();
            truth = SyntheticSubject.truth(objective.coeffLayout(), 1);
            labelRow = SyntheticSubject.labels(objective, truth);
            data = new MultiDataSet(inputs(objective.labelLayout(), labelRow),
                    new INDArray[] {Nd4j.createFromArray(new double[][] {labelRow}).castTo(DataType.FLOAT)});
            graph = new DfmvrNetworkBuilder(SPEC).loss(loss).updater(new Adam(LEARNING_RATE)).build();
        }

        void fit(int steps) {
            for (int i = 0; i < steps; i++) {
                graph.fit(data);
            }
        }

        /** The coefficients in inference mode (batch norm with its running statistics). */
        double[] predicted() {
            return graph.output(false, data.getFeatures())[0].castTo(DataType.DOUBLE).dup().data().asDouble();
        }

        /** [mesh RMSE (mm), photo, lm2d] of the network's current prediction. */
        double[] measure() {
            double[] c = predicted();
            LossBreakdown b = objective.evaluate(c, 0, labelRow, 0, null);
            double mm = objective.model().unit().millimetresPerUnit();
            return new double[] {mm * frontRmse(objective, c, truth), b.photo(), b.landmarks2d()};
        }
    }

    /** The network inputs as the train job builds them (ViewTensors): RGB in [-1,1] and the parse label channel. */
    private static INDArray[] inputs(LabelLayout ll, double[] labelRow) {
        int plane = IMAGE * IMAGE;
        INDArray[] views = new INDArray[3];
        for (int v = 0; v < 3; v++) {
            float[] x = new float[4 * plane];
            for (int p = 0; p < plane; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    x[ch * plane + p] = (float) (2 * labelRow[ll.imageOffset(v) + 3 * p + ch] - 1);
                }
                x[3 * plane + p] = (float) labelRow[ll.parseOffset(v) + p];
            }
            views[v] = Nd4j.create(x, new long[] {1, 4, IMAGE, IMAGE}, DataType.FLOAT);
        }
        return views;
    }

    /** Front-face RMSE after similarity-aligning the predicted shape to the ground-truth shape (model units). */
    static double frontRmse(WeakObjective objective, double[] predicted, double[] truth) {
        MorphableModel m = objective.model();
        CoeffLayout layout = objective.coeffLayout();
        FaceDecoder decoder = new FaceDecoder(m);
        double[] p = new double[3 * m.vertexCount()];
        double[] g = new double[3 * m.vertexCount()];
        decoder.shape(predicted, layout.idOffset(), layout.expOffset(), p);
        decoder.shape(truth, layout.idOffset(), layout.expOffset(), g);
        boolean[] front = m.frontMask();
        int n = 0;
        for (boolean f : front) {
            n += f ? 1 : 0;
        }
        double[] ps = new double[3 * n];
        double[] gs = new double[3 * n];
        for (int v = 0, k = 0; v < front.length; v++) {
            if (front[v]) {
                System.arraycopy(p, 3 * v, ps, 3 * k, 3);
                System.arraycopy(g, 3 * v, gs, 3 * k, 3);
                k++;
            }
        }
        SimilarityTransform align = Umeyama.fit(ps, gs, true);
        double[] aligned = align.apply(ps);
        double s = 0;
        for (int i = 0; i < aligned.length; i++) {
            s += (aligned[i] - gs[i]) * (aligned[i] - gs[i]);
        }
        return Math.sqrt(s / n);
    }
}
