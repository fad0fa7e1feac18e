package org.dfmvr.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dfmvr.facemodel.CoeffLayout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** The DL4J wrapper: gradient check on an OutputLayer, JSON round trip, shape checks, per-term breakdown. */
class WeakSupervisionLossTest {
    private static final String SPEC = "synthface:seed=7:grid=25:6/4/6";
    private static final int IMAGE = 24;

    private static MultiLayerNetwork net(WeakSupervisionLoss loss, int nIn, int nOut) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new OutputLayer.Builder(loss).nIn(nIn).nOut(nOut).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray labels(WeakObjective o, int n) {
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = SyntheticSubject.labels(o, SyntheticSubject.truth(o.coeffLayout(), 10 + i));
        }
        return Nd4j.createFromArray(rows);
    }

    @Test
    void givenAnOutputLayerWithTheLoss_whenGradientChecked_thenEveryParameterPasses() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        // every term on with the official weights, the mask term through a tiny random parse net, and the exact
        // alignment derivative (DF-MVR's constant alignment is not the derivative of the forward, so no
        // finite-difference check can pass with it)
        WeakSupervisionLoss loss = new WeakSupervisionLoss(SPEC, ObjectiveSettings.defaults(IMAGE, 3)
                .withAlignmentGradient(AlignmentGradient.EXACT).withMask(1, TinyParseNet.stored(IMAGE)));
        CoeffLayout layout = loss.objective().coeffLayout();
        MultiLayerNetwork net = net(loss, 3, layout.size());
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3).subi(0.5).muli(0.2);
        INDArray lab = labels(loss.objective(), 2);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(in)
                .labels(lab).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        assertThat(ok).isTrue();
        assertThat(loss.lastBreakdown().photo()).isPositive();
        assertThat(loss.lastBreakdown().landmarks2d()).isPositive();
        assertThat(loss.lastBreakdown().landmarks3d()).isPositive();
        assertThat(loss.lastBreakdown().mask()).isPositive();
    }

    @Test
    void givenANetworkWithTheLoss_whenConfigurationRoundTripsThroughJson_thenTheLossIsEqualAndScoresAgree() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        WeakSupervisionLoss loss = new WeakSupervisionLoss(SPEC, ObjectiveSettings.defaults(IMAGE, 3)
                .withLighting(LightingFrame.LAST_VIEW_QUIRK).withAlignmentGradient(AlignmentGradient.EXACT)
                .withMask(1, TinyParseNet.stored(IMAGE)));
        MultiLayerNetwork net = net(loss, 3, loss.objective().coeffLayout().size());
        String json = net.getLayerWiseConfigurations().toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        Object restored = ((OutputLayer) back.getConf(0).getLayer()).getLossFn();
        assertThat(restored).isEqualTo(loss);
        MultiLayerNetwork net2 = new MultiLayerNetwork(back);
        net2.init(net.params().dup(), false);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3);
        INDArray lab = labels(loss.objective(), 2);
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(in, lab);
        assertThat(net2.score(ds)).isEqualTo(net.score(ds));
    }

    @Test
    void givenAGradientCallOnOtherInputs_whenScored_thenTheScoreIsThatOfTheNewInputs() {
        ObjectiveSettings settings = ObjectiveSettings.defaults(IMAGE, 3);
        WeakSupervisionLoss loss = new WeakSupervisionLoss(SPEC, settings);
        int c = loss.objective().coeffLayout().size();
        INDArray lab = labels(loss.objective(), 2);
        INDArray a = Nd4j.rand(DataType.DOUBLE, 2, c).muli(0.1);
        INDArray b = a.add(0.05);
        var identity = Activation.IDENTITY.getActivationFunction();
        double scoreA = loss.computeGradientAndScore(lab, a, identity, null, true).getFirst();
        loss.computeGradient(lab, a, identity, null);
        assertThat(loss.computeScore(lab, a, identity, null, true)).isEqualTo(scoreA);
        double scoreB = loss.computeScore(lab, b, identity, null, true);
        assertThat(scoreB).isNotEqualTo(scoreA)
                .isEqualTo(new WeakSupervisionLoss(SPEC, settings).computeScore(lab, b, identity, null, true));
    }

    @Test
    void givenLabelsOfTheWrongWidth_whenScored_thenTheMessageNamesTheExpectedPacking() {
        WeakSupervisionLoss loss = new WeakSupervisionLoss(SPEC, ObjectiveSettings.defaults(IMAGE, 3));
        int c = loss.objective().coeffLayout().size();
        assertThatThrownBy(() -> loss.computeScore(Nd4j.zeros(DataType.DOUBLE, 2, 10),
                Nd4j.zeros(DataType.DOUBLE, 2, c), Activation.IDENTITY.getActivationFunction(), null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels must be [N,"
                        + loss.objective().labelLayout().size() + "]").hasMessageContaining("[2, 10]");
    }
}
