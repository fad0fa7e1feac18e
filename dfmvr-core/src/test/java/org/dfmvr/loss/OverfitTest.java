package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dfmvr.facemodel.CoeffLayout;
import org.dfmvr.facemodel.MorphableModel;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.Umeyama;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Overfit: one synthetic subject (3 views, 64x64, rendered by the forward renderer from known coefficients), a tiny
 * conv net (the 3 views stacked as 9 channels -> conv/pool x2 -> dense -> coefficient OutputLayer with the loss),
 * weak losses only (photo, 2D landmarks, priors; no 3D landmarks, no coefficient supervision). Given training, then
 * the front-face mesh error (similarity-aligned RMSE against the ground-truth mesh) falls by at least 50% and the
 * photo and 2D landmark terms by at least 80%.
 */
@Tag("slow")
class OverfitTest {
    private static final String SPEC = "synthface:seed=7:grid=25:6/4/6";
    private static final int IMAGE = 64;
    private static final int STEPS = 400;

    @Test
    void givenOneSubject_whenTrainedWithWeakLossesOnly_thenMeshPhotoAndLandmarkErrorsFall() {
        WeakSupervisionLoss loss = new WeakSupervisionLoss(SPEC, ObjectiveSettings.defaults(IMAGE, 3)
                .withWeights(LossWeights.official().withoutMask().withLm3d(0)));
        WeakObjective objective = loss.objective();
        CoeffLayout layout = objective.coeffLayout();
        LabelLayout ll = objective.labelLayout();
        double[] truth = SyntheticSubject.truth(layout, 1);
        double[] labelRow = SyntheticSubject.labels(objective, truth);
        float[] input = new float[9 * IMAGE * IMAGE];
        for (int v = 0; v < 3; v++) {
            for (int p = 0; p < IMAGE * IMAGE; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    input[(3 * v + ch) * IMAGE * IMAGE + p] = (float) (2 * labelRow[ll.imageOffset(v) + 3 * p + ch]
                            - 1);
                }
            }
        }
        DataSet data = new DataSet(Nd4j.createFromArray(input).reshape(1, 9, IMAGE, IMAGE),
                Nd4j.createFromArray(new double[][] {labelRow}).castTo(DataType.FLOAT));
        MultiLayerNetwork net = network(loss, layout.size());

        double[] start = measure(net, data, objective, truth);
        for (int i = 0; i < STEPS; i++) {
            net.fit(data);
        }
        double[] end = measure(net, data, objective, truth);
        System.out.printf("overfit %d steps: mesh RMSE %.3f -> %.3f mm (%.0f%% down), photo %.5f -> %.5f (%.0f%% down),"
                        + " lm2d %.3f -> %.3f px (%.0f%% down)%n", STEPS, start[0], end[0], drop(start[0], end[0]),
                start[1], end[1], drop(start[1], end[1]), start[2], end[2], drop(start[2], end[2]));
        assertThat(drop(start[0], end[0])).as("mesh RMSE reduction, %").isGreaterThanOrEqualTo(50);
        assertThat(drop(start[1], end[1])).as("photo reduction, %").isGreaterThanOrEqualTo(80);
        assertThat(drop(start[2], end[2])).as("2D landmark reduction, %").isGreaterThanOrEqualTo(80);
    }

    private static double drop(double from, double to) {
        return 100 * (1 - to / from);
    }

    private static MultiLayerNetwork network(WeakSupervisionLoss loss, int coeffs) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(loss).nOut(coeffs).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.ZERO).build())
                .setInputType(InputType.convolutional(IMAGE, IMAGE, 9)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** [mesh RMSE (model units), photo, lm2d] of the network's current prediction. */
    private static double[] measure(MultiLayerNetwork net, DataSet data, WeakObjective objective, double[] truth) {
        INDArray out = net.output(data.getFeatures());
        double[] c = out.castTo(DataType.DOUBLE).dup().data().asDouble();
        LossBreakdown b = objective.evaluate(c, 0, data.getLabels().castTo(DataType.DOUBLE).dup().data().asDouble(),
                0, null);
        return new double[] {frontRmse(objective, c, truth), b.photo(), b.landmarks2d()};
    }

    /** Front-face RMSE after similarity-aligning the predicted shape to the ground-truth shape. */
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
