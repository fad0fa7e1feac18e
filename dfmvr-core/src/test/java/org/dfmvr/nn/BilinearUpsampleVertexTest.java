package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;

class BilinearUpsampleVertexTest {
    private static final StandardLayers LAYERS = new StandardLayers(org.dfmvr.nn.fast.FastLayers.nativeOps());

    @BeforeAll
    static void doublePrecision() {
        GradientChecks.useDoublePrecision();
    }

    private static ComputationGraph bare(int factor, int h, int w, int c) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("x")
                .setInputTypes(InputType.convolutional(h, w, c))
                .addVertex("up", new BilinearUpsampleVertex(factor), "x").setOutputs("up").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void givenATwoByTwoMap_whenUpsampledTwice_thenCornersAreKeptAndInnerSamplesInterpolateAtThirds() {
        INDArray x = Nd4j.createFromArray(new double[] {0, 1, 2, 3}).reshape(1, 1, 2, 2);

        INDArray y = bare(2, 2, 2, 1).outputSingle(x);

        // align_corners: output rows/columns sample the input at 0, 1/3, 2/3, 1 (PyTorch gives the same values)
        INDArray expected = Nd4j.createFromArray(new double[][] {
                {0, 1 / 3.0, 2 / 3.0, 1},
                {2 / 3.0, 1, 4 / 3.0, 5 / 3.0},
                {4 / 3.0, 5 / 3.0, 2, 7 / 3.0},
                {2, 7 / 3.0, 8 / 3.0, 3}}).reshape(1, 1, 4, 4);
        assertThat(y.equalsWithEps(expected, 1e-12)).as("%s", y).isTrue();
    }

    @Test
    void givenAnyMap_whenUpsampled_thenEveryChannelAndSampleIsUpsampledOnItsOwn() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 3, 4);
        ComputationGraph net = bare(4, 3, 4, 3);

        INDArray y = net.outputSingle(x);

        assertThat(y.shape()).containsExactly(2, 3, 12, 16);
        INDArray plane = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.point(2)).reshape(1, 1, 3, 4);
        INDArray alone = bare(4, 3, 4, 1).outputSingle(plane);
        assertThat(y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(2))
                .reshape(1, 1, 12, 16).equalsWithEps(alone, 1e-12)).isTrue();
    }

    @Test
    void givenBatchOfTwo_whenGradientChecked_thenTheInputGradientMatchesFiniteDifferences() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).seed(2).graphBuilder().addInputs("x")
                .setInputTypes(InputType.convolutional(3, 2, 2))
                .addLayer("conv", LAYERS.conv(2, 3, 1, 1, 0, true), "x")
                .addVertex("up", new BilinearUpsampleVertex(3), "conv")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).build(), "up")
                .setOutputs("loss").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        INDArray[] in = {Nd4j.randn(DataType.DOUBLE, 2, 2, 3, 2)};
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3, 9, 6);
        for (int n = 0; n < 2; n++) {
            for (int h = 0; h < 9; h++) {
                for (int w = 0; w < 6; w++) {
                    labels.putScalar(new int[] {n, (n + h + w) % 3, h, w}, 1.0);
                }
            }
        }

        assertThat(GradientChecks.passes(net, in, new INDArray[] {labels})).isTrue();
    }

    @Test
    void givenASavedGraph_whenRestored_thenTheFactorAndTheOutputsAreIdentical() {
        ComputationGraph net = bare(2, 3, 3, 2);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 3, 3);

        ComputationGraph restored = GradientChecks.roundTrip(net);

        assertThat(restored.getConfiguration().getVertices().get("up")).isEqualTo(new BilinearUpsampleVertex(2));
        assertThat(restored.outputSingle(x)).isEqualTo(net.outputSingle(x));
    }
}
