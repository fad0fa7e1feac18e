package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java batch-norm layer against DL4J's stock BatchNormalization as oracle (float32). */
class FastBatchNormalizationTest {

    @Test
    void givenTraining_whenForwardAndBackward_thenMatchesStockIncludingRunningStatistics() {
        StockOracle.assertSameAsStock(FastLayers.nativeOps().batchNorm(6), stock(6, Activation.IDENTITY),
                new long[] {4, 6, 5, 7}, true, 21, true);
    }

    @Test
    void givenNonIdentityActivation_whenInstantiated_thenRejectedBecauseStockIgnoresIt() {
        FastBatchNormalization bn = (FastBatchNormalization) FastLayers.nativeOps().batchNorm(5);
        bn.setActivationFn(Activation.RELU.getActivationFunction());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SingleLayer.of(bn, DataType.FLOAT, 1));
        assertTrue(e.getMessage().contains("activation") && e.getMessage().contains("identity"), e.getMessage());
    }

    @Test
    void givenInference_whenForward_thenUsesRunningStatisticsLikeStock() {
        StockOracle.assertSameAsStock(FastLayers.nativeOps().batchNorm(4), stock(4, Activation.IDENTITY),
                new long[] {2, 4, 5, 5}, false, 23, true);
    }

    private static BatchNormalization stock(int channels, Activation act) {
        return new BatchNormalization.Builder().nIn(channels).nOut(channels).activation(act).build();
    }
}
