package org.dfmvr.nn.fast;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

/** The native transposed convolution against DL4J's stock Deconvolution2D as oracle (float32). */
class FastDeconvolution2DTest {

    @Test
    void givenKernel2Stride2_whenForwardAndBackward_thenMatchesStockDeconvolutionAndDoublesTheSize() {
        Deconvolution2D stock = new Deconvolution2D.Builder(2, 2).stride(2, 2).nIn(5).nOut(3)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build();
        StockOracle.assertSameAsStock(FastLayers.nativeOps().deconv2x2(5, 3), stock, new long[] {2, 5, 4, 6}, true,
                41, false);
    }
}
