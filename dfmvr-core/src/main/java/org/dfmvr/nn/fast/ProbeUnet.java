package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small multi-view UNet-shaped graph that uses every {@link FastLayers} layer, shaped like the tiny preset's
 * training step (views x [N,viewChannels,size,size] in, a dense map and a coefficient vector out). It is the probe
 * the fast layers are checked and timed in (gradient check, ModelSerializer and Spark round trips, train-step
 * benchmark); it is not the DF-MVR network, which the network issue builds from the same factory.
 *
 * <p>Inputs "view0".."view{k-1}" [N,viewChannels,size,size] are concatenated on channels; encoder: 3x3 conv, BN,
 * ReLU, 2x2 max pool, twice (size/4), then a stride-2 3x3 conv + BN + ReLU bottleneck (size/8); the coefficient
 * head is global average pooling + dense output "coeffs" [N,coefficients] (MSE); the decoder goes back up with k2s2
 * transposed convs, concatenating the pooled encoder maps as skips, a 2x2 average pool + k2s2 deconv refinement, and
 * a 1x1 conv to the map output "map" [N,3,size,size] (MSE).
 */
public final class ProbeUnet {
    private ProbeUnet() {
    }

    /**
     * Shape of the probe graph.
     *
     * @param views        number of input views, >= 1
     * @param viewChannels channels per view, >= 1
     * @param size         input height = width, pixels, a multiple of 8
     * @param width        channels of the first encoder stage (doubles per stage), >= 1
     * @param coefficients length of the coefficient output, >= 1
     */
    public record Spec(int views, int viewChannels, int size, int width, int coefficients) {
        public Spec {
            atLeast("views", views, 1);
            atLeast("viewChannels", viewChannels, 1);
            atLeast("width", width, 1);
            atLeast("coefficients", coefficients, 1);
            if (size < 8 || size % 8 != 0) {
                throw new IllegalArgumentException("size: expected a positive multiple of 8, got " + size);
            }
        }

        /** The tiny preset's training step: 3 views of 4x64x64, 16 base channels, 64 coefficients. */
        public static Spec tiny() {
            return new Spec(3, 4, 64, 16, 64);
        }

        private static void atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + ": expected >= " + min + ", got " + value);
            }
        }
    }

    /** Builds and initialises the graph with {@code layers}' implementation, data type, updater and seed. */
    public static ComputationGraph graph(FastLayers layers, Spec spec, DataType dataType, IUpdater updater,
            long seed) {
        int c1 = spec.width();
        int c2 = 2 * c1;
        int c3 = 4 * c1;
        String[] views = new String[spec.views()];
        for (int v = 0; v < views.length; v++) {
            views[v] = "view" + v;
        }
        InputType viewType = InputType.convolutional(spec.size(), spec.size(), spec.viewChannels());
        InputType[] types = new InputType[views.length];
        java.util.Arrays.fill(types, viewType);
        int in = spec.views() * spec.viewChannels();

        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(dataType).updater(updater).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs(views).setInputTypes(types)
                .addVertex("views", new MergeVertex(), views);
        String enc1 = block(g, layers, "enc1", in, c1, 1, "views");
        g.addLayer("pool1", layers.maxPool2(), enc1);
        String enc2 = block(g, layers, "enc2", c1, c2, 1, "pool1");
        g.addLayer("pool2", layers.maxPool2(), enc2);
        String bottom = block(g, layers, "bottom", c2, c3, 2, "pool2");
        g.addLayer("gap", layers.globalAvgPool(), bottom)
                .addLayer("coeffs", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(c3)
                        .nOut(spec.coefficients()).activation(Activation.IDENTITY).build(), "gap");
        g.addLayer("up2", layers.deconv2x2(c3, c2), bottom)
                .addVertex("skip2", new MergeVertex(), "up2", "pool2");
        String dec2 = block(g, layers, "dec2", 2 * c2, c2, 1, "skip2");
        g.addLayer("up1", layers.deconv2x2(c2, c1), dec2)
                .addVertex("skip1", new MergeVertex(), "up1", "pool1")
                .addLayer("refine_pool", layers.avgPool2(), "skip1")
                .addLayer("refine_up", layers.deconv2x2(2 * c1, c1), "refine_pool");
        String dec1 = block(g, layers, "dec1", c1, c1, 1, "refine_up");
        g.addLayer("up0", layers.deconv2x2(c1, c1), dec1)
                .addLayer("to_map", layers.conv(c1, 3, 1, 1), "up0")
                .addLayer("map", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "to_map")
                .setOutputs("map", "coeffs");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** conv k3 (stride) -> batch-norm -> ReLU; returns the block's output vertex. */
    private static String block(ComputationGraphConfiguration.GraphBuilder g, FastLayers layers, String name, int nIn,
            int nOut, int stride, String input) {
        g.addLayer(name + "_conv", layers.conv(nIn, nOut, 3, stride), input);
        return FastLayers.addBatchNormRelu(g, name, layers.batchNormRelu(nOut), name + "_conv");
    }
}
