package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compares a fast layer with DL4J's stock layer (the oracle) on the same parameters and random float32 inputs:
 * activations, the input gradient and every parameter gradient must agree within {@link #TOLERANCE} of the
 * oracle array's largest magnitude.
 */
final class StockOracle {
    /** float32 agreement, relative to the largest magnitude of the oracle array. */
    static final double TOLERANCE = 1e-4;

    private StockOracle() {
    }

    /**
     * Runs forward (training or inference) and backward through both layers and asserts agreement. Parameters are
     * uniform in [-0.5, 0.5), or in [0.1, 1.1) when {@code positiveParams} (batch-norm variances).
     */
    static void assertSameAsStock(Layer fastConf, Layer stockConf, long[] inputShape, boolean training, long seed,
            boolean positiveParams) {
        assertSameAsStock(fastConf, List.of(stockConf), inputShape, training, seed, positiveParams);
    }

    /**
     * As {@link #assertSameAsStock(Layer, Layer, long[], boolean, long, boolean)} against a chain of stock layers
     * (e.g. batch norm then ReLU) of which only the first has parameters.
     */
    static void assertSameAsStock(Layer fastConf, List<Layer> stockChain, long[] inputShape, boolean training,
            long seed, boolean positiveParams) {
        SingleLayer fast = SingleLayer.of(fastConf, DataType.FLOAT, seed);
        List<SingleLayer> stock = stockChain.stream().map(l -> SingleLayer.of(l, DataType.FLOAT, seed)).toList();
        assertTrue(fast.layer().getClass().getPackageName().equals(FastLayers.class.getPackageName()),
                "fast layer runs our implementation, got " + fast.layer().getClass());
        for (SingleLayer l : stock) {
            assertTrue(l.layer().getClass().getPackageName().startsWith("org.deeplearning4j"),
                    "oracle runs DL4J's implementation, got " + l.layer().getClass());
        }
        Nd4j.getRandom().setSeed(seed);
        INDArray params = Nd4j.rand(DataType.FLOAT, stock.get(0).params().shape()).subi(positiveParams ? -0.1 : 0.5);
        stock.get(0).setParams(params);
        fast.setParams(params);
        INDArray x = Nd4j.randn(DataType.FLOAT, inputShape);

        INDArray expected = x.dup();
        for (SingleLayer l : stock) {
            expected = l.forward(expected, training).dup();
        }
        INDArray actual = fast.forward(x.dup(), training).dup();
        assertClose("activations", expected, actual);
        if (!training) {
            return;
        }
        INDArray gradOut = Nd4j.randn(DataType.FLOAT, expected.shape());
        INDArray expectedGradIn = gradOut.dup();
        Map<String, INDArray> eg = Map.of();
        for (int i = stock.size() - 1; i >= 0; i--) {
            Pair<Gradient, INDArray> e = stock.get(i).backward(expectedGradIn);
            expectedGradIn = e.getSecond();
            eg = i == 0 ? e.getFirst().gradientForVariable() : eg;
        }
        Pair<Gradient, INDArray> a = fast.backward(gradOut.dup());
        assertClose("input gradient", expectedGradIn, a.getSecond());
        Map<String, INDArray> ag = a.getFirst().gradientForVariable();
        assertEquals(eg.keySet(), ag.keySet(), "parameter gradients present");
        for (String key : eg.keySet()) {
            assertClose("gradient of " + key, eg.get(key), ag.get(key));
        }
    }

    static void assertClose(String what, INDArray expected, INDArray actual) {
        assertClose(what, expected, actual, 1e-12);
    }

    /**
     * As {@link #assertClose(String, INDArray, INDArray)}, but the scale is at least {@code minScale}: for arrays
     * that are rounding noise around zero (e.g. the gradient of a conv bias followed by batch-norm).
     */
    static void assertClose(String what, INDArray expected, INDArray actual, double minScale) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = Math.max(expected.amaxNumber().doubleValue(), minScale);
        double maxDiff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue();
        assertTrue(maxDiff <= TOLERANCE * scale, what + ": max |expected - actual| = " + maxDiff
                + " exceeds " + TOLERANCE + " x max |expected| = " + scale + " (shape "
                + Arrays.toString(expected.shape()) + ")");
    }
}
