package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dfmvr.nn.ChannelBroadcastVertex.Op;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelBroadcastVertexTest {
    private static final StandardLayers LAYERS = new StandardLayers(org.dfmvr.nn.fast.FastLayers.nativeOps());

    @BeforeAll
    static void doublePrecision() {
        GradientChecks.useDoublePrecision();
    }

    private static ComputationGraph bare(Op op) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("x", "g")
                .setInputTypes(InputType.convolutional(4, 5, 3), InputType.convolutional(1, 1, 3))
                .addVertex("b", new ChannelBroadcastVertex(op), "x", "g").setOutputs("b").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void givenAPerChannelValue_whenForward_thenEveryPixelOfThatChannelIsCombinedWithIt(Op op) {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 5);
        INDArray g = Nd4j.rand(DataType.DOUBLE, 2, 3, 1, 1);

        INDArray y = bare(op).outputSingle(x, g);

        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double gv = g.getDouble(n, c, 0, 0);
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 5; w++) {
                        double xv = x.getDouble(n, c, h, w);
                        assertThat(y.getDouble(n, c, h, w)).isEqualTo(op == Op.MULTIPLY ? xv * gv : xv + gv);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void givenBatchOfThree_whenGradientChecked_thenGradientsOfXAndGMatchFiniteDifferences(Op op) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).seed(2).graphBuilder().addInputs("x", "v")
                .setInputTypes(InputType.convolutional(5, 4, 3), InputType.convolutional(3, 3, 2))
                .addLayer("xconv", LAYERS.conv(3, 6, 1, 1, 0, true), "x")
                .addLayer("vpool", LAYERS.avgPool(3), "v")
                .addLayer("gconv", LAYERS.conv(2, 6, 1, 1, 0, true), "vpool")
                .addLayer("g", LAYERS.sigmoid(), "gconv")
                .addVertex("b", new ChannelBroadcastVertex(op), "xconv", "g")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "b")
                .setOutputs("loss").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        INDArray[] in = {Nd4j.randn(DataType.DOUBLE, 3, 3, 5, 4), Nd4j.randn(DataType.DOUBLE, 3, 2, 3, 3)};
        INDArray[] labels = {Nd4j.randn(DataType.DOUBLE, 3, 6, 5, 4)};

        assertThat(GradientChecks.passes(net, in, labels)).isTrue();
    }

    @Test
    void givenASavedGraph_whenRestored_thenTheOpAndTheOutputsAreIdentical() {
        ComputationGraph net = bare(Op.ADD);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 5);
        INDArray g = Nd4j.rand(DataType.DOUBLE, 2, 3, 1, 1);

        ComputationGraph restored = GradientChecks.roundTrip(net);

        assertThat(restored.getConfiguration().getVertices().get("b")).isEqualTo(new ChannelBroadcastVertex(Op.ADD));
        assertThat(restored.outputSingle(x, g)).isEqualTo(net.outputSingle(x, g));
    }

    @Test
    void givenAValueMapLargerThanOnePixel_whenConfigured_thenTheErrorNamesExpectedAndActual() {
        assertThatThrownBy(() -> new ChannelBroadcastVertex(Op.MULTIPLY).getOutputType(0,
                InputType.convolutional(4, 5, 3), InputType.convolutional(2, 2, 3)))
                .hasMessageContaining("g must be [N,3,1,1]").hasMessageContaining("got [N,3,2,2]");
    }
}
