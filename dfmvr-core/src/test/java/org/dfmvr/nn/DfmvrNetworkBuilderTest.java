package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DfmvrNetworkBuilderTest {

    /** Random views [N,C,S,S], every channel uniform in [-1,1] (shape tests need no realistic mask values). */
    static INDArray[] randomViews(NetworkSpec spec, int batch, DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray[] views = new INDArray[spec.views()];
        for (int v = 0; v < views.length; v++) {
            views[v] = Nd4j.rand(type, batch, spec.channelsPerView(), spec.imageSize(), spec.imageSize())
                    .muli(2).subi(1);
        }
        return views;
    }

    private static Map<String, InputType> activationTypes(NetworkSpec spec, ComputationGraphConfiguration conf) {
        InputType[] in = new InputType[spec.views()];
        java.util.Arrays.fill(in, InputType.convolutional(spec.imageSize(), spec.imageSize(), spec.channelsPerView()));
        return conf.getLayerActivationTypes(in);
    }

    private static long count(ComputationGraphConfiguration conf, Class<?> vertexType) {
        return conf.getVertices().values().stream().filter(vertexType::isInstance).count();
    }

    private static long nOut(ComputationGraphConfiguration conf, String layer) {
        return ((ConvolutionLayer) ((LayerVertex) conf.getVertices().get(layer)).getLayerConf().getLayer()).getNOut();
    }

    @Test
    void givenThePaperPreset_whenConfigured_thenShapesFollowTheReferenceMulEnUnetAndRedNet50() {
        NetworkSpec spec = NetworkSpec.paper();
        ComputationGraphConfiguration conf = new DfmvrNetworkBuilder(spec).configuration();
        Map<String, InputType> types = activationTypes(spec, conf);

        assertThat(types.get("dec_fuse")).isEqualTo(InputType.convolutional(14, 14, 3072));
        assertThat(types.get("dec_l4_up")).isEqualTo(InputType.convolutional(28, 28, 512));
        assertThat(types.get("dec_l4_merge")).isEqualTo(InputType.convolutional(28, 28, 2048));
        assertThat(types.get("dec_l1_merge")).isEqualTo(InputType.convolutional(224, 224, 256));
        assertThat(types.get("red_stem_pool")).isEqualTo(InputType.convolutional(56, 56, 64));
        assertThat(types.get("red_s4b3_out")).isEqualTo(InputType.convolutional(7, 7, 2048));
        assertThat(types.get("red_gap")).isEqualTo(InputType.feedForward(2048));
        assertThat(types.get(DfmvrNetworkBuilder.OUTPUT)).isEqualTo(InputType.feedForward(269));
        assertThat(count(conf, SpatialGateVertex.class)).isEqualTo(12);
        assertThat(count(conf, InvolutionVertex.class)).isEqualTo(1 + 3 + 4 + 6 + 3);
        assertThat(new long[] {nOut(conf, "gate_l4v0_wg_conv"), nOut(conf, "gate_l3v1_wx_conv"),
                nOut(conf, "gate_l2v2_wg_conv"), nOut(conf, "gate_l1v0_wx_conv")})
                .containsExactly(256, 128, 64, 32);
        assertThat(nOut(conf, "red_s1b1_c2_kspan")).isEqualTo(64 / 16 * 49);
    }

    @Test
    void givenThePaperPreset_whenSummarised_thenHeadsAndEncodersMatchHandCountedParameters() {
        NetworkSpec spec = NetworkSpec.paper();
        ModelSummary summary = ModelSummary.of(spec, new DfmvrNetworkBuilder(spec).configuration());

        long encoder = 0;
        long in = 4;
        for (long w : new long[] {64, 128, 256, 512, 1024}) {
            encoder += (in * 9 * w + w) + 2 * w + (w * 9 * w + w) + 2 * w; // conv+bias, BN, conv+bias, BN
            in = w;
        }
        assertThat(summary.parameters().get(LayerGroup.ENCODERS)).isEqualTo(3 * encoder);
        assertThat(summary.parameters().get(LayerGroup.HEADS)).isEqualTo(2048L * 269 + 269);
        assertThat(summary.totalParameters()).isEqualTo(summary.parameters().values().stream()
                .mapToLong(Long::longValue).sum());
    }

    @Test
    void givenTheZeroInitResidualRule_whenBuilt_thenOnlyTheLastBnOfEachBottleneckStartsAtZero() {
        ComputationGraphConfiguration conf = new DfmvrNetworkBuilder(NetworkSpec.tiny()).configuration();
        conf.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization bn) {
                assertThat(bn.getGamma()).as(name).isEqualTo(name.matches("red_s\\db\\d+_c3_bn") ? 0.0 : 1.0);
            }
        });
    }

    @Test
    void givenTheTinyPreset_whenForwardOnABatchOfTwo_thenTheOutputIsTwoRowsOf269Coefficients() {
        NetworkSpec spec = NetworkSpec.tiny();
        ComputationGraph net = new DfmvrNetworkBuilder(spec).build();

        INDArray out = net.outputSingle(randomViews(spec, 2, DataType.FLOAT, 1));

        assertThat(out.shape()).containsExactly(2, 269);
        assertThat(out.isNaN().any() || out.isInfinite().any()).isFalse();
    }

    static Stream<NetworkSpec> tinyAndVariants() {
        NetworkSpec tiny = NetworkSpec.tiny();
        return Stream.of(tiny, tiny.withEncoder(EncoderKind.CNN), tiny.withEncoder(EncoderKind.UNET),
                tiny.withRegressor(RegressorKind.RESNET), tiny.withMask(MaskInput.NONE),
                tiny.withMask(MaskInput.ONE_HOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tinyAndVariants")
    void givenTinyOrAVariant_whenSavedAndRestored_thenOutputsAreIdentical(NetworkSpec spec) {
        ComputationGraph net = new DfmvrNetworkBuilder(spec).build();
        INDArray[] views = randomViews(spec, 2, DataType.FLOAT, 2);

        ComputationGraph restored = GradientChecks.roundTrip(net);

        assertThat(restored.getConfiguration()).isEqualTo(net.getConfiguration());
        assertThat(restored.outputSingle(views)).isEqualTo(net.outputSingle(views));
    }

    @Test
    void givenTheSmallPreset_whenConfigured_thenItSitsBetweenTinyAndPaper() {
        NetworkSpec spec = NetworkSpec.small();
        ComputationGraphConfiguration conf = new DfmvrNetworkBuilder(spec).configuration();
        Map<String, InputType> types = activationTypes(spec, conf);

        assertThat(types.get("dec_fuse")).isEqualTo(InputType.convolutional(8, 8, 3 * 256));
        assertThat(types.get("dec_l1_merge")).isEqualTo(InputType.convolutional(128, 128, 4 * 16));
        assertThat(types.get("red_gap")).isEqualTo(InputType.feedForward(16 * 8 * 4));
        assertThat(count(conf, InvolutionVertex.class)).isEqualTo(1 + 1 + 2 + 2 + 1);
    }

    @Test
    void givenTheUnetVariant_whenConfigured_thenOneEncoderOverStackedViewsAndOneGatePerLevel() {
        NetworkSpec spec = NetworkSpec.tiny().withEncoder(EncoderKind.UNET);
        ComputationGraphConfiguration conf = new DfmvrNetworkBuilder(spec).configuration();
        Map<String, InputType> types = activationTypes(spec, conf);

        assertThat(types.get("enc_stack")).isEqualTo(InputType.convolutional(64, 64, 12));
        assertThat(count(conf, SpatialGateVertex.class)).isEqualTo(4);
        assertThat(types.get("dec_l1_merge")).isEqualTo(InputType.convolutional(64, 64, 2 * 8));
    }

    @Test
    void givenTheCnnVariant_whenConfigured_thenPerViewFeaturesAreConcatenatedWithoutDecoder() {
        NetworkSpec spec = NetworkSpec.tiny().withEncoder(EncoderKind.CNN);
        ComputationGraphConfiguration conf = new DfmvrNetworkBuilder(spec).configuration();

        assertThat(activationTypes(spec, conf).get("enc_fuse")).isEqualTo(InputType.convolutional(64, 64, 3 * 8));
        assertThat(conf.getVertices().keySet()).noneMatch(n -> n.startsWith("dec") || n.startsWith("gate"));
    }

    @Test
    void givenTheResnetVariant_whenConfigured_thenNoInvolutionRemains() {
        ComputationGraphConfiguration conf = new DfmvrNetworkBuilder(NetworkSpec.tiny()
                .withRegressor(RegressorKind.RESNET)).configuration();

        assertThat(count(conf, InvolutionVertex.class)).isZero();
        assertThat(count(conf, SpatialGateVertex.class)).isEqualTo(12);
    }

    @Test
    void givenMaskOptions_whenAskedForChannels_thenRgbPlusTheMaskEncoding() {
        assertThat(NetworkSpec.tiny().withMask(MaskInput.NONE).channelsPerView()).isEqualTo(3);
        assertThat(NetworkSpec.tiny().channelsPerView()).isEqualTo(4);
        assertThat(NetworkSpec.tiny().withMask(MaskInput.ONE_HOT).channelsPerView()).isEqualTo(13);
    }

    @Test
    void givenAnImageSizeNotAMultipleOf32_whenSpecified_thenRejectedWithKeyAndValue() {
        assertThatThrownBy(() -> NetworkSpec.tiny().withImageSize(100))
                .hasMessageContaining("network.imageSize").hasMessageContaining("got 100");
    }

    @Test
    void givenAnUnknownPreset_whenLookedUp_thenTheErrorListsTheKnownOnes() {
        assertThatThrownBy(() -> NetworkSpec.preset("huge")).hasMessageContaining("paper, small, tiny")
                .hasMessageContaining("'huge'");
    }

    @Test
    @Tag("slow")
    void givenThePaperPreset_whenOneForwardAt224OnCpu_thenOutputIs1x269AndFinite() {
        NetworkSpec spec = NetworkSpec.paper();
        ComputationGraph net = new DfmvrNetworkBuilder(spec).build();
        ModelSummary summary = ModelSummary.of(spec, net.getConfiguration());

        INDArray out = net.outputSingle(randomViews(spec, 1, DataType.FLOAT, 3));

        assertThat(net.numParams()).isEqualTo(summary.totalParameters() + summary.runningStatistics());
        assertThat(out.shape()).containsExactly(1, 269);
        assertThat(out.isNaN().any() || out.isInfinite().any()).isFalse();
    }
}
