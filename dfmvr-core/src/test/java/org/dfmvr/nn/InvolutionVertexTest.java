package org.dfmvr.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvolutionVertexTest {
    /** The layers the network builder uses by default (libnd4j native ops). */
    private static final StandardLayers LAYERS = new StandardLayers(org.dfmvr.nn.fast.FastLayers.nativeOps());

    private static final int GROUP_CHANNELS = 16;
    private static final int CHANNELS = 32;

    @BeforeAll
    static void doublePrecision() {
        GradientChecks.useDoublePrecision();
    }

    /** x [N,C,H,W] and kernels [N,G*K*K,H',W'] straight into the vertex, which is the graph's output. */
    private static ComputationGraph bareVertex(int k, int s, int size) {
        InvolutionVertex inv = new InvolutionVertex(k, s, GROUP_CHANNELS);
        long out = inv.outputSize(size);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("x", "kernels")
                .setInputTypes(InputType.convolutional(size, size, CHANNELS),
                        InputType.convolutional(out, out, (long) CHANNELS / GROUP_CHANNELS * k * k))
                .addVertex("inv", inv, "x", "kernels").setOutputs("inv").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Slow, obviously correct involution: the formula of involution_naive.py written as loops. */
    private static double[][][][] naive(INDArray x, INDArray w, int k, int s) {
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), wd = (int) x.size(3);
        int oh = (int) w.size(2), ow = (int) w.size(3), p = (k - 1) / 2;
        double[][][][] out = new double[n][c][oh][ow];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int g = ch / GROUP_CHANNELS;
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double sum = 0;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int yy = y * s + i - p, xc = xx * s + j - p;
                                if (yy >= 0 && yy < h && xc >= 0 && xc < wd) {
                                    sum += w.getDouble(b, g * k * k + i * k + j, y, xx) * x.getDouble(b, ch, yy, xc);
                                }
                            }
                        }
                        out[b][ch][y][xx] = sum;
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "K={0} stride={1} size={2}")
    @CsvSource({"3,1,6", "3,2,7", "7,1,5", "7,2,8"})
    void givenRandomInputs_whenForward_thenEqualsTheNaiveLoopFormula(int k, int s, int size) {
        ComputationGraph net = bareVertex(k, s, size);
        long out = new InvolutionVertex(k, s, GROUP_CHANNELS).outputSize(size);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, CHANNELS, size, size);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 2, (long) CHANNELS / GROUP_CHANNELS * k * k, out, out);

        INDArray y = net.outputSingle(x, w);

        double[][][][] expected = naive(x, w, k, s);
        assertThat(y.shape()).containsExactly(2, CHANNELS, out, out);
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < CHANNELS; c++) {
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < out; j++) {
                        assertThat(y.getDouble(b, c, i, j)).isCloseTo(expected[b][c][i][j],
                                org.assertj.core.data.Offset.offset(1e-12));
                    }
                }
            }
        }
    }

    /** conv1x1 on x and on a kernel source feed the vertex, so their parameter gradients check both input paths. */
    @ParameterizedTest(name = "K={0} stride={1} size={2}")
    @CsvSource({"3,1,6", "3,2,6", "7,1,5", "7,2,8"})
    void givenBatchOfTwo_whenGradientChecked_thenBothInputGradientsMatchFiniteDifferences(int k, int s, int size) {
        InvolutionVertex inv = new InvolutionVertex(k, s, GROUP_CHANNELS);
        long out = inv.outputSize(size);
        long kernelChannels = (long) CHANNELS / GROUP_CHANNELS * k * k;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).seed(3).graphBuilder().addInputs("x", "z")
                .setInputTypes(InputType.convolutional(size, size, 3), InputType.convolutional(out, out, 2))
                .addLayer("xconv", LAYERS.conv(3, CHANNELS, 1, 1, 0, true), "x")
                .addLayer("kconv", LAYERS.conv(2, kernelChannels, 1, 1, 0, true), "z")
                .addVertex("inv", inv, "xconv", "kconv")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "inv")
                .setOutputs("loss").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(11);
        INDArray[] in = {Nd4j.randn(DataType.DOUBLE, 2, 3, size, size), Nd4j.randn(DataType.DOUBLE, 2, 2, out, out)};
        INDArray[] labels = {Nd4j.randn(DataType.DOUBLE, 2, CHANNELS, out, out)};

        assertThat(GradientChecks.passes(net, in, labels)).isTrue();
    }

    @Test
    void givenTheKernelGenerationBlockWithBatchNormAndStride2_whenGradientChecked_thenAllParametersPass() {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).updater(new NoOp()).seed(5).graphBuilder().addInputs("x")
                .setInputTypes(InputType.convolutional(8, 8, 3));
        GraphBlocks blocks = new GraphBlocks(graph, LAYERS);
        String x = blocks.layer("xconv", LAYERS.conv(3, CHANNELS, 1, 1, 0, true), "x");
        String inv = blocks.involution("blk", x, CHANNELS, 7, 2, GROUP_CHANNELS);
        blocks.layer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .build(), inv);
        ComputationGraph net = new ComputationGraph(graph.setOutputs("loss").build());
        net.init();
        Nd4j.getRandom().setSeed(13);
        INDArray[] in = {Nd4j.randn(DataType.DOUBLE, 3, 3, 8, 8)};
        INDArray[] labels = {Nd4j.randn(DataType.DOUBLE, 3, CHANNELS, 4, 4)};

        assertThat(GradientChecks.failuresOnSubset(net, in, labels, 40)).isEmpty();
    }

    @Test
    void givenASavedGraph_whenRestored_thenTheVertexConfigAndOutputsAreIdentical() {
        ComputationGraph net = bareVertex(7, 2, 8);
        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, CHANNELS, 8, 8);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 2, 2 * 49, 4, 4);

        ComputationGraph restored = GradientChecks.roundTrip(net);

        assertThat(restored.getConfiguration().getVertices().get("inv")).isEqualTo(new InvolutionVertex(7, 2, 16));
        assertThat(restored.outputSingle(x, w)).isEqualTo(net.outputSingle(x, w));
    }

    @Test
    void givenKernelsWithTheWrongChannelCount_whenConfigured_thenTheErrorNamesExpectedAndActual() {
        InvolutionVertex inv = new InvolutionVertex(3, 1, GROUP_CHANNELS);
        assertThatThrownBy(() -> inv.getOutputType(0, InputType.convolutional(8, 8, 32),
                InputType.convolutional(8, 8, 9)))
                .hasMessageContaining("[N,18,8,8]").hasMessageContaining("got [N,9,8,8]");
    }

    @Test
    void givenChannelsNotAMultipleOfTheGroup_whenConfigured_thenRejected() {
        InvolutionVertex inv = new InvolutionVertex(3, 1, GROUP_CHANNELS);
        assertThatThrownBy(() -> inv.getOutputType(0, InputType.convolutional(8, 8, 24),
                InputType.convolutional(8, 8, 9)))
                .hasMessageContaining("multiple of groupChannels 16").hasMessageContaining("got 24");
    }

    @Test
    void givenAnEvenKernel_whenConstructed_thenRejected() {
        assertThatThrownBy(() -> new InvolutionVertex(4, 1, 16)).hasMessageContaining("kernelSize must be odd")
                .hasMessageContaining("got 4");
    }
}
