package org.dfmvr.nn.fast;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checks (DL4J GradientCheckUtil, double precision, no-op updater) of every native-op
 * layer inside small ComputationGraphs. Double runs libnd4j's generic kernels (oneDNN is float-only), so these check
 * our forward/backward wiring and argument layouts; the float comparisons with DL4J's stock layers check the oneDNN
 * kernels. The batch-norm layers (plain and fused with ReLU) run the same Java code in double as in float.
 */
class FastLayersGradientCheckTest {
    private static final FastLayers LAYERS = FastLayers.nativeOps();

    @BeforeEach
    void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void floatPrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void givenConvBatchNormPoolDeconvChain_whenGradientChecked_thenAllTrainableParametersPass() {
        ComputationGraphConfiguration conf = base().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 2))
                .addLayer("conv3", LAYERS.conv(2, 3, 3, 1, Activation.TANH, true), "in")
                .addLayer("bn", LAYERS.batchNorm(3), "conv3")
                .addLayer("act", LAYERS.relu(), "bn")
                .addLayer("max", LAYERS.maxPool2(), "act")
                .addLayer("conv1s2", LAYERS.conv(3, 3, 1, 2), "max")
                .addLayer("up", LAYERS.deconv2x2(3, 2), "conv1s2")
                .addLayer("avg", LAYERS.avgPool2(), "up")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "avg")
                .setOutputs("out").build();
        assertGradientsPass(conf, Nd4j.randn(DataType.DOUBLE, 3, 2, 8, 8), Nd4j.randn(DataType.DOUBLE, 3, 2, 2, 2));
    }

    @Test
    void givenStridedConvAndGlobalAveragePooling_whenGradientChecked_thenAllParametersPass() {
        ComputationGraphConfiguration conf = base().addInputs("in")
                .setInputTypes(InputType.convolutional(7, 7, 2))
                .addLayer("conv3s2", LAYERS.conv(2, 4, 3, 2, Activation.IDENTITY, false), "in")
                .addLayer("gap", LAYERS.globalAvgPool(), "conv3s2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
                        .activation(Activation.IDENTITY).build(), "gap")
                .setOutputs("out").build();
        assertGradientsPass(conf, Nd4j.randn(DataType.DOUBLE, 3, 2, 7, 7), Nd4j.randn(DataType.DOUBLE, 3, 2));
    }

    @Test
    void givenFusedBatchNormReluBetweenConvs_whenGradientChecked_thenAllTrainableParametersPass() {
        ComputationGraphConfiguration.GraphBuilder g = base().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 5, 2))
                .addLayer("conv_a", LAYERS.conv(2, 3, 3, 1), "in");
        String bnRelu = FastLayers.addBatchNormRelu(g, "fused", LAYERS.batchNormRelu(3), "conv_a");
        ComputationGraphConfiguration conf = g.addLayer("conv_b", LAYERS.conv(3, 2, 1, 1), bnRelu)
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "conv_b")
                .setOutputs("out").build();
        assertTrue(conf.getVertices().get("fused_bn") instanceof LayerVertex lv
                && lv.getLayerConf().getLayer() instanceof FastBatchNormRelu, "the graph holds the fused layer");
        assertGradientsPass(conf, Nd4j.randn(DataType.DOUBLE, 3, 2, 6, 5), Nd4j.randn(DataType.DOUBLE, 3, 2, 6, 5));
    }

    private static ComputationGraphConfiguration.GraphBuilder base() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new NoOp())
                .graphBuilder();
    }

    private static void assertGradientsPass(ComputationGraphConfiguration conf, INDArray input, INDArray label) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // the running statistics' "gradients" are DL4J's moving-average updates, not derivatives of the score
        Set<String> runningStats = new HashSet<>();
        for (String bn : List.of("bn_", "fused_bn_")) {
            for (String stat : List.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                    BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
                runningStats.add(bn + stat);
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {input}).labels(new INDArray[] {label}).epsilon(1e-6).maxRelError(1e-3)
                .minAbsoluteError(1e-8).excludeParams(runningStats)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        assertTrue(ok, "gradient check failed; rerun with -Dorg.apache.logging.log4j.level=INFO for the parameters");
    }
}
