package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused batch-norm + ReLU layer against DL4J's stock BatchNormalization then ActivationLayer(ReLU) (float32). */
class FastBatchNormReluTest {

    @Test
    void givenTraining_whenForwardAndBackward_thenMatchesStockBnThenReluIncludingRunningLog10Std() {
        StockOracle.assertSameAsStock(fused(FastLayers.nativeOps().batchNormRelu(6)), stockChain(6, true),
                new long[] {4, 6, 5, 7}, true, 31, true);
    }

    @Test
    void givenRunningVarianceStorageAndOwnEpsDecay_whenTrained_thenMatchesStockIncludingRunningVariance() {
        BatchNormalization settings = new BatchNormalization.Builder().nIn(3).nOut(3).useLogStd(false).eps(1e-3)
                .decay(0.7).activation(Activation.IDENTITY).build();
        BatchNormalization stockBn = new BatchNormalization.Builder().nIn(3).nOut(3).useLogStd(false).eps(1e-3)
                .decay(0.7).activation(Activation.IDENTITY).build();
        StockOracle.assertSameAsStock(fused(FastLayers.nativeOps().batchNormRelu(settings)),
                List.of(stockBn, relu()), new long[] {5, 3, 4, 3}, true, 32, true);
    }

    @Test
    void givenInference_whenForward_thenUsesRunningStatisticsLikeStock() {
        StockOracle.assertSameAsStock(fused(FastLayers.nativeOps().batchNormRelu(4)), stockChain(4, true),
                new long[] {2, 4, 5, 5}, false, 33, true);
    }

    @Test
    void givenChannelSliceViews_whenForwardAndBackward_thenSameAsOnContiguousCopies() {
        SingleLayer layer = SingleLayer.of(fused(FastLayers.nativeOps().batchNormRelu(3)), DataType.FLOAT, 34);
        INDArray wide = Nd4j.randn(DataType.FLOAT, 2, 7, 4, 5);
        INDArray wideGrad = Nd4j.randn(DataType.FLOAT, 2, 7, 4, 5);
        INDArray x = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray dy = wideGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 7), NDArrayIndex.all(),
                NDArrayIndex.all());
        assertTrue(x.isView() && x.offset() > 0, "a view with an offset");

        INDArray fromView = layer.forward(x, true).dup();
        INDArray gradFromView = layer.backward(dy).getSecond().dup();
        INDArray fromCopy = layer.forward(x.dup('c'), true).dup();
        INDArray gradFromCopy = layer.backward(dy.dup('c')).getSecond().dup();

        assertEquals(fromCopy, fromView, "activations");
        assertEquals(gradFromCopy, gradFromView, "input gradient");
    }

    @Test
    void givenChannelSizeNotAMultipleOfFour_whenForwardAndBackward_thenMatchesStock() {
        // N H W = 3 x 3 x 7 = 63: the float path's four-way unrolled sums end in a remainder loop
        StockOracle.assertSameAsStock(fused(FastLayers.nativeOps().batchNormRelu(5)), stockChain(5, true),
                new long[] {3, 5, 3, 7}, true, 36, true);
    }

    @Test
    void givenBenchmarkSizedChannels_whenForwardAndBackward_thenMatchesStock() {
        // 8 x 32 x 32 values per channel: sums over thousands of float values, as in the real network
        StockOracle.assertSameAsStock(fused(FastLayers.nativeOps().batchNormRelu(4)), stockChain(4, true),
                new long[] {8, 4, 32, 32}, true, 37, true);
    }

    @Test
    void givenChannelSliceViews_whenForwardAndBackward_thenMatchesStockOnTheSameSlices() {
        for (boolean relu : new boolean[] {true, false}) {
            Layer fast = relu ? fused(FastLayers.nativeOps().batchNormRelu(3)) : FastLayers.nativeOps().batchNorm(3);
            List<Layer> stock = relu ? stockChain(3, true) : List.of(stockChain(3, true).get(0));
            SingleLayer layer = SingleLayer.of(fast, DataType.FLOAT, 38);
            List<SingleLayer> oracle = stock.stream().map(l -> SingleLayer.of(l, DataType.FLOAT, 38)).toList();
            Nd4j.getRandom().setSeed(38);
            INDArray params = Nd4j.rand(DataType.FLOAT, layer.params().shape()).addi(0.1);
            layer.setParams(params);
            oracle.get(0).setParams(params);
            // channels 2..4 of a 7-channel merge output: N stride 7 H W, offset 2 H W
            INDArray x = Nd4j.randn(DataType.FLOAT, 2, 7, 4, 5).get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5),
                    NDArrayIndex.all(), NDArrayIndex.all());
            INDArray dy = Nd4j.randn(DataType.FLOAT, 2, 7, 4, 5).get(NDArrayIndex.all(),
                    NDArrayIndex.interval(4, 7), NDArrayIndex.all(), NDArrayIndex.all());

            INDArray expected = x.dup('c');
            for (SingleLayer l : oracle) {
                expected = l.forward(expected, true).dup();
            }
            INDArray expectedGrad = dy.dup('c');
            for (int i = oracle.size() - 1; i >= 0; i--) {
                expectedGrad = oracle.get(i).backward(expectedGrad).getSecond();
            }
            StockOracle.assertClose("activations (relu " + relu + ")", expected, layer.forward(x, true).dup());
            StockOracle.assertClose("input gradient (relu " + relu + ")", expectedGrad,
                    layer.backward(dy).getSecond());
        }
    }

    @Test
    void givenChannelsWithLargeMeanAndSmallSpread_whenNormalisedInFloat_thenMatchesDoublePrecision() {
        INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 2, 6, 6).muli(0.01).addi(1000.0);
        SingleLayer single = SingleLayer.of(fused(FastLayers.nativeOps().batchNormRelu(2)), DataType.FLOAT, 35);
        SingleLayer dbl = SingleLayer.of(fused(FastLayers.nativeOps().batchNormRelu(2)), DataType.DOUBLE, 35);

        INDArray expected = dbl.forward(x, true);
        INDArray actual = single.forward(x.castTo(DataType.FLOAT), true);

        // rounding 1000 +- 0.03 to float moves x by up to 3e-5 = 0.003 standard deviations; statistics accumulated in
        // float (as sums of 1e6-sized squares) would be off by far more than the spread itself
        assertTrue(expected.sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() < 0.01,
                "within float rounding of the input");

        // the backward on the same (float-rounded) input in both precisions, so only the float kernel's own
        // arithmetic differs. dy is correlated with x^, which makes dx's x^ term large: written as a x + k in float
        // (|a x| ~ 1e6 here) instead of a (x - p) + k', dx loses ~5e-4 of its largest value
        INDArray xf = x.castTo(DataType.FLOAT);
        INDArray xd = xf.castTo(DataType.DOUBLE);
        INDArray xHat = Broadcast.div(Broadcast.sub(xd, xd.mean(0, 2, 3), xd.ulike(), 1),
                xd.std(false, 0, 2, 3), xd.ulike(), 1);
        INDArray dy = xHat.muli(0.5).addi(Nd4j.randn(DataType.DOUBLE, 4, 2, 6, 6)).castTo(DataType.FLOAT);
        dbl.forward(xf.castTo(DataType.DOUBLE), true);
        INDArray expectedGrad = dbl.backward(dy.castTo(DataType.DOUBLE)).getSecond();
        single.forward(xf, true);
        INDArray actualGrad = single.backward(dy).getSecond().castTo(DataType.DOUBLE);
        double scale = expectedGrad.amaxNumber().doubleValue();
        double maxDiff = expectedGrad.sub(actualGrad).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-4 * scale, "input gradient: max diff " + maxDiff + " of max " + scale);
    }

    @Test
    void givenLeakyRelu_whenInstantiated_thenRejectedNamingTheActivation() {
        FastBatchNormRelu bn = fused(FastLayers.nativeOps().batchNormRelu(5));
        bn.setActivationFn(Activation.LEAKYRELU.getActivationFunction());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SingleLayer.of(bn, DataType.FLOAT, 1));
        assertTrue(e.getMessage().contains("FastBatchNormRelu activation") && e.getMessage().contains("plain ReLU"),
                e.getMessage());
    }

    @Test
    void givenSettingsWithAnActivation_whenChained_thenRejectedBecauseTheReluIsAddedByTheFactory() {
        BatchNormalization tanh = new BatchNormalization.Builder().nIn(2).nOut(2).activation(Activation.TANH).build();
        for (FastLayers layers : List.of(FastLayers.nativeOps(), FastLayers.stock())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> layers.batchNormRelu(tanh));
            assertTrue(e.getMessage().contains("expected identity"), e.getMessage());
        }
    }

    @Test
    void givenEachImplementation_whenChained_thenNativeIsOneFusedLayerAndStockIsBatchNormThenRelu() {
        assertInstanceOf(FastBatchNormRelu.class, FastLayers.nativeOps().batchNormRelu(3).get(0));
        assertEquals(1, FastLayers.nativeOps().batchNormRelu(3).size());
        List<Layer> stock = FastLayers.stock().batchNormRelu(3);
        assertEquals(List.of(BatchNormalization.class, ActivationLayer.class),
                stock.stream().map(Object::getClass).toList());
    }

    private static FastBatchNormRelu fused(List<Layer> chain) {
        assertEquals(1, chain.size(), "native chain is one fused layer");
        return (FastBatchNormRelu) chain.get(0);
    }

    private static List<Layer> stockChain(int channels, boolean logStd) {
        return List.of(new BatchNormalization.Builder().nIn(channels).nOut(channels).useLogStd(logStd)
                .activation(Activation.IDENTITY).build(), relu());
    }

    private static Layer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
