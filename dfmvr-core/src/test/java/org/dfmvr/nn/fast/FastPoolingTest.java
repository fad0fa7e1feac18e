package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Native max/avg/global-average pooling layers against DL4J's stock pooling layers as oracle (float32). */
class FastPoolingTest {

    @ParameterizedTest(name = "{0} 2x2 s2 Same on [2,3,{1},{2}]")
    @CsvSource({"MAX, 8, 8", "MAX, 9, 7", "AVG, 8, 8", "AVG, 9, 7"})
    void given2x2Window_whenForwardAndBackward_thenMatchesStockSubsampling(SubsamplingLayer.PoolingType type, int h,
            int w) {
        SubsamplingLayer stock = new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same).build();
        StockOracle.assertSameAsStock(type == SubsamplingLayer.PoolingType.MAX ? FastLayers.nativeOps().maxPool2()
                : FastLayers.nativeOps().avgPool2(), stock, new long[] {2, 3, h, w}, true, 31, false);
    }

    @Test
    void givenNchwInput_whenGlobalAveragePooled_thenMatchesStockGlobalPooling() {
        StockOracle.assertSameAsStock(FastLayers.nativeOps().globalAvgPool(),
                new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), new long[] {3, 4, 5, 6}, true, 32, false);
    }
}
